import Link from 'next/link';
import { AuditTrailLink } from '@/components/audit/audit-trail-link';
import { HoldBadge } from '@/components/police/hold-badge';
import { AccountRisk } from '@/components/risk/account-risk';
import { EmptyState } from '@/components/ui/message';
import { buttonClass } from '@/components/ui/button';
import { Card, PageHeader } from '@/components/ui/page';
import { claimedAge, formatDateTime, formatNumber } from '@/components/format';
import { accountIdParam, viewAccount, type AccountDecision } from '@/lib/accounts/detail';
import { auditViewHref } from '@/lib/audit/query';
import { can } from '@/lib/auth/permissions';
import { hasActiveHold } from '@/lib/police/holds';
import { accountRiskSummary } from '@/lib/risk/account';
import { requirePageContext } from '@/server/guard';
import { loadOrNotFound, routeSegment } from '@/server/page-input';

export const dynamic = 'force-dynamic';

export default async function AccountPage({
  params,
  searchParams,
}: {
  params: Promise<{ accountId: string }>;
  searchParams: Promise<{ referred?: string }>;
}) {
  const ctx = await requirePageContext('accounts:read');
  const { actor } = ctx;
  const id = routeSegment((await params).accountId, accountIdParam);
  const detail = await loadOrNotFound(viewAccount(ctx, id));
  const { account } = detail;
  const [onHold, riskSummary] = await Promise.all([
    hasActiveHold(ctx.db, account.accountId),
    can(actor.role, 'risk:read') ? accountRiskSummary(ctx.db, actor, account.accountId) : null,
  ]);

  return (
    <>
      <PageHeader
        title={account.username}
        description={
          <>
            <span className="font-mono">{account.accountId}</span>
            {account.displayName ? ` · ${account.displayName}` : ''} · {account.status} {onHold ? <HoldBadge /> : null}
          </>
        }
        actions={
          <div className="flex gap-2">
            <Link href={`/accounts/${encodeURIComponent(id)}/contacts`} className="rounded border border-slate-300 bg-white px-3 py-1.5 text-sm">
              Conversations ({formatNumber(detail.conversationCount)})
            </Link>
            {can(actor.role, 'audit:read') ? (
              <>
                <AuditTrailLink href={auditViewHref({ account: id })} />
                <AuditTrailLink href={`/audit/access/${encodeURIComponent(id)}`} label="Who viewed it" />
              </>
            ) : null}
            {can(actor.role, 'referrals:create') ? (
              <Link href={`/accounts/${encodeURIComponent(id)}/refer`} className={buttonClass('danger')}>
                Refer to liaison
              </Link>
            ) : null}
          </div>
        }
      />
      {(await searchParams).referred ? (
        <p role="status" className="mb-4 rounded border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          Referred to liaison.
        </p>
      ) : null}
      <div className="mb-4">
        <Card title="Decision history">
          {detail.decisions.length === 0 ? (
            <p className="text-sm text-slate-600">No action has been taken on this account.</p>
          ) : (
            <ul className="space-y-1 text-sm" data-testid="decision-history">
              {detail.decisions.map((decision) => (
                <li key={decision.id}>
                  <strong>{decision.action}</strong>
                  {decision.endsAt ? ` until ${formatDateTime(decision.endsAt)}` : ''} by {decision.actor ?? 'Lookout'} on {formatDateTime(decision.createdAt)} —{' '}
                  {decision.reason} <DecisionSource decision={decision} accountId={account.accountId} /> <DeliveryState delivery={decision.delivery} />
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
      <div className="grid gap-4 xl:grid-cols-2">
        <Card title="Age">
          <dl className="grid grid-cols-[10rem_1fr] gap-y-1 text-sm">
            <dt className="text-slate-600">Claimed age</dt>
            <dd>{claimedAge(account.claimedBirthdate)}</dd>
            <dt className="text-slate-600">Claimed birthdate</dt>
            <dd>{account.claimedBirthdate ?? 'not given'}</dd>
            <dt className="text-slate-600">Age check</dt>
            <dd>{account.ageAssurance}</dd>
            <dt className="text-slate-600">Joined</dt>
            <dd>{formatDateTime(account.createdAt)}</dd>
            <dt className="text-slate-600">Country</dt>
            <dd>{account.country || '—'}</dd>
          </dl>
          {detail.birthdateChanges.length > 0 ? (
            <>
              <h3 className="mb-1 mt-3 text-xs font-semibold uppercase text-slate-600">Birthdate changes</h3>
              <ul className="text-sm">
                {detail.birthdateChanges.map((change) => (
                  <li key={change.changedAt.toISOString()}>
                    {formatDateTime(change.changedAt)}: {change.oldBirthdate ?? '—'} → {change.newBirthdate ?? '—'}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {detail.deviceSiblings.length > 0 ? (
            <>
              <h3 className="mb-1 mt-3 text-xs font-semibold uppercase text-slate-600">Same device as</h3>
              <ul className="text-sm">
                {detail.deviceSiblings.map((sibling) => (
                  <li key={sibling.accountId}>
                    <Link className="text-sky-700 underline" href={`/accounts/${encodeURIComponent(sibling.accountId)}`}>
                      {sibling.username}
                    </Link>{' '}
                    — claims {claimedAge(sibling.claimedBirthdate)}, age check {sibling.ageAssurance}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </Card>
        <Card title="Contact graph">
          <dl className="grid grid-cols-[14rem_1fr] gap-y-1 text-sm tabular-nums">
            <dt className="text-slate-600">Conversations</dt>
            <dd>{formatNumber(detail.conversationCount)}</dd>
            <dt className="text-slate-600">Started by this account</dt>
            <dd>{formatNumber(detail.initiatedCount)}</dd>
            <dt className="text-slate-600">Blocked by</dt>
            <dd>{formatNumber(detail.blockedByCount)} accounts</dd>
            <dt className="text-slate-600">Blocking</dt>
            <dd>{formatNumber(detail.blockingCount)} accounts</dd>
            <dt className="text-slate-600">Reports filed by this account</dt>
            <dd>{formatNumber(detail.reportsFiled)}</dd>
          </dl>
        </Card>
      </div>
      {riskSummary ? (
        <div className="mt-4">
          <AccountRisk accountId={account.accountId} summary={riskSummary} />
        </div>
      ) : null}
      <div className="mt-4">
        <Card title={`Reports about this account (${detail.reportsAbout.length})`}>
          {detail.reportsAbout.length === 0 ? (
            <EmptyState>No reports about this account.</EmptyState>
          ) : (
            <ul className="divide-y divide-slate-100 text-sm">
              {detail.reportsAbout.map((report) => (
                <li key={report.reportId} className="py-2">
                  <div className="flex gap-3 text-xs text-slate-600">
                    <span className="font-mono">{report.reportId}</span>
                    <span>{report.category.replace('_', ' ')}</span>
                    <span>{report.source}</span>
                    <span>{report.status.replace('_', ' ')}</span>
                    <span>{formatDateTime(report.createdAt)}</span>
                  </div>
                  {report.description ? <p className="mt-1 whitespace-pre-wrap">{report.description}</p> : null}
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </>
  );
}

/** Where a decision was taken: the queue item, the bulk batch or the risk review behind it. */
function DecisionSource({ decision, accountId }: { decision: AccountDecision; accountId: string }) {
  if (decision.sourceType === 'queue_item' && decision.sourceId) {
    return (
      <Link href={`/review/${decision.sourceId}`} className="text-sky-700 underline">
        (queue item)
      </Link>
    );
  }
  if (decision.sourceType === 'risk_review') {
    return (
      <Link href={`/risk/${encodeURIComponent(accountId)}`} className="text-sky-700 underline">
        (risk review)
      </Link>
    );
  }
  if (decision.sourceType === 'bulk_batch') return <span className="text-slate-600">(bulk batch {decision.sourceId})</span>;
  return null;
}

/** Whether the chat app carried the decision out (the outbox event's state; admins replay on Deliveries). */
function DeliveryState({ delivery }: { delivery: AccountDecision['delivery'] }) {
  if (!delivery) return null;
  const text = {
    delivered: `delivered to the chat app${delivery.at ? ` ${formatDateTime(delivery.at)}` : ''}`,
    waiting: 'waiting to be sent to the chat app',
    retrying: `retrying: ${delivery.error ?? 'the chat app did not accept it'}`,
    dead: `not delivered after 24 hours of retries: ${delivery.error ?? 'unknown error'}`,
  }[delivery.state];
  return (
    <span data-testid="delivery-state" className={`text-xs ${delivery.state === 'delivered' ? 'text-emerald-800' : delivery.state === 'dead' ? 'text-red-800' : 'text-amber-900'}`}>
      · {text}
    </span>
  );
}
