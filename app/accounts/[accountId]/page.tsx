import Link from 'next/link';
import { ContactFilterForm } from '@/components/graph/contact-filter-form';
import { ContactGraph } from '@/components/graph/contact-graph';
import { ContactTimeline } from '@/components/lazy-charts';
import { SecondHopList } from '@/components/graph/second-hop-list';
import { AuditTrailLink } from '@/components/audit/audit-trail-link';
import { HoldBadge } from '@/components/police/hold-badge';
import { CATEGORY_LABELS } from '@/components/triage/labels';
import { FoldedReportText } from '@/components/wellness/folded-report-text';
import { AccountRisk } from '@/components/risk/account-risk';
import { EmptyState } from '@/components/ui/message';
import { buttonClass } from '@/components/ui/button';
import { Card, PageHeader } from '@/components/ui/page';
import { claimedAge, formatDateTime, formatNumber } from '@/components/format';
import { contactFilterFrom, contactFilterParams } from '@/lib/accounts/contact-filter';
import { accountIdParam, viewAccount, type AccountDecision } from '@/lib/accounts/detail';
import { viewEgoGraph } from '@/lib/graph/ego';
import { viewSecondHop } from '@/lib/graph/second-hop';
import { auditViewHref } from '@/lib/audit/query';
import { can } from '@/lib/auth/permissions';
import { hasActiveHold } from '@/lib/police/holds';
import { accountRiskSummary } from '@/lib/risk/account';
import { isFoldedCategory } from '@/lib/wellness/wellness';
import { requirePageContext } from '@/server/guard';
import { loadOrNotFound, routeSegment } from '@/server/page-input';
import { revealReportTextAction } from './actions';

export const dynamic = 'force-dynamic';

export default async function AccountPage({
  params,
  searchParams,
}: {
  params: Promise<{ accountId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const ctx = await requirePageContext('accounts:read');
  const { actor } = ctx;
  const id = routeSegment((await params).accountId, accountIdParam);
  const query = await searchParams;
  const filter = contactFilterFrom(query);
  const detail = await loadOrNotFound(viewAccount(ctx, id));
  const { account } = detail;
  const [onHold, riskSummary, graph] = await Promise.all([
    hasActiveHold(ctx, account.accountId),
    can(actor.role, 'risk:read') ? accountRiskSummary(ctx, account.accountId) : null,
    loadOrNotFound(viewEgoGraph(ctx, { accountId: id, filter })),
  ]);
  const hop = await loadOrNotFound(viewSecondHop(ctx, { accountId: id }));
  const here = `/accounts/${encodeURIComponent(id)}`;
  const filterQuery = contactFilterParams(filter).toString();

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
            <Link href={`${here}/contacts${filterQuery ? `?${filterQuery}` : ''}`} className="rounded border border-slate-300 bg-white px-3 py-1.5 text-sm">
              Conversations ({formatNumber(detail.conversationCount)})
            </Link>
            <Link href={`${here}/children`} className="rounded border border-slate-300 bg-white px-3 py-1.5 text-sm">
              Children reached
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
      {query.referred ? (
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
        <Card title="Conversations in numbers">
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
      <div className="mt-4">
        <Card title="Contact graph">
          <ContactFilterForm filter={filter} action={here} label="Filter the contact graph" />
          <ContactGraph
            data={{
              center: graph.center,
              peers: graph.peers.map((peer) => ({
                id: peer.id,
                username: peer.username,
                band: peer.band,
                riskScore: peer.riskScore,
                initiatedByAccount: peer.initiatedByAccount,
                messagesSent: peer.messagesSent,
                messagesReceived: peer.messagesReceived,
                mediaSent: peer.mediaSent,
                mediaReceived: peer.mediaReceived,
                blockedByPeer: peer.blockedByPeer,
                blockedByAccount: peer.blockedByAccount,
                reportsByPeer: peer.reportsByPeer,
                reportsByAccount: peer.reportsByAccount,
              })),
              hubs: graph.hubs,
              links: graph.links,
              counts: graph.counts,
              limits: graph.limits,
            }}
          />
          <p className="mt-2 text-sm">
            <Link href={`${here}/contacts${filterQuery ? `?${filterQuery}` : ''}`} className="text-sky-700 underline">
              The same {formatNumber(graph.counts.conversations)} conversations as a table
            </Link>
          </p>
        </Card>
      </div>
      <div className="mt-4 grid gap-4 xl:grid-cols-2">
        <Card title="First contacts per week">
          <ContactTimeline weeks={graph.timeline} />
        </Card>
        <Card title="Other adults who write to these children">
          <SecondHopList hop={hop} childrenHref={`${here}/children`} />
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
                  <FoldedReportText
                    reportedId={account.accountId}
                    reportId={report.reportId}
                    categoryLabel={CATEGORY_LABELS[report.category]}
                    text={isFoldedCategory(report.category) && report.description ? null : report.description}
                    reveal={revealReportTextAction}
                  />
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </>
  );
}

/** Where a decision was taken: the queue item, the bulk batch, the risk review or the appeal behind it. */
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
  if (decision.sourceType === 'appeal') {
    return (
      <Link href="/appeals?status=overturned" className="text-sky-700 underline">
        (appeal)
      </Link>
    );
  }
  if (decision.sourceType === 'suspension_end') return <span className="text-slate-600">(the suspension ended)</span>;
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
