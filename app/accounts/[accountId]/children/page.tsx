import Link from 'next/link';
import { ProtectChildrenForm } from '@/components/graph/protect-children-form';
import { AGE_BAND_LABELS, formatDateTime, formatNumber } from '@/components/format';
import { ChildrenTable } from '@/components/graph/children-table';
import { EmptyState } from '@/components/ui/message';
import { Card, PageHeader } from '@/components/ui/page';
import { Pill } from '@/components/ui/pill';
import { accountIdParam } from '@/lib/accounts/detail';
import { can } from '@/lib/auth/permissions';
import { CHILDREN_CAP, STILL_IN_CONTACT_DAYS, viewReachedChildren } from '@/lib/graph/children';
import { PATTERN_LABELS } from '@/lib/risk/patterns';
import { requirePageContext } from '@/server/guard';
import { loadOrNotFound, routeSegment } from '@/server/page-input';
import { PROTECTIVE_ACTION_LABELS } from '@/components/graph/protective-actions';
import { protectChildrenAction } from './actions';

export const dynamic = 'force-dynamic';

export default async function ReachedChildrenPage({ params }: { params: Promise<{ accountId: string }> }) {
  const ctx = await requirePageContext('accounts:read');
  const id = routeSegment((await params).accountId, accountIdParam);
  const side = await loadOrNotFound(viewReachedChildren(ctx, { accountId: id }));
  const mayAct = can(ctx.actor.role, 'accounts:act');
  const account = `/accounts/${encodeURIComponent(id)}`;

  const rows = side.children.map((child) => ({ ...child, lastContactDay: formatDateTime(child.lastContactAt).slice(0, 10) }));

  return (
    <>
      <PageHeader
        title={`Children reached by ${side.adult.username}`}
        description={
          <>
            <Link href={account} className="font-mono text-sky-700 underline">
              {side.adult.id}
            </Link>{' '}
            · claims {AGE_BAND_LABELS[side.adult.band].toLowerCase()}
            {side.adult.riskScore !== null ? ` · risk ${Math.round(side.adult.riskScore)}` : ''}
            {side.adult.flags.map((flag) => (
              <Pill key={flag} tone="childSafety">
                {PATTERN_LABELS[flag as keyof typeof PATTERN_LABELS] ?? flag}
              </Pill>
            ))}
          </>
        }
      />
      <p className="mb-4 text-sm text-slate-700" data-testid="children-summary">
        {formatNumber(side.total)} {side.total === 1 ? 'minor' : 'minors'} (claimed age under 18) in conversation with this account
        {side.total > side.children.length ? `; the ${formatNumber(CHILDREN_CAP)} most recent are listed` : ''}. Still in contact: a message in the last{' '}
        {STILL_IN_CONTACT_DAYS} days and no block either way.
      </p>
      {side.children.length === 0 ? (
        <EmptyState next={<Link href={account} className="text-sky-700 underline">Back to the account</Link>}>This account has no conversation with a minor.</EmptyState>
      ) : mayAct ? (
        <ProtectChildrenForm action={protectChildrenAction} adultId={side.adult.id} total={side.total}>
          <ChildrenTable rows={rows} choosable />
        </ProtectChildrenForm>
      ) : (
        <ChildrenTable rows={rows} choosable={false} />
      )}
      <div className="mt-4">
        <Card title="Protective decisions for these children">
          {side.decisions.length === 0 ? (
            <p className="text-sm text-slate-700">None yet.</p>
          ) : (
            <ul className="space-y-1 text-sm" aria-label="Protective decisions" data-testid="protective-decisions">
              {side.decisions.map((decision) => (
                <li key={decision.id}>
                  <strong>{decision.actions.map((action) => PROTECTIVE_ACTION_LABELS[action as keyof typeof PROTECTIVE_ACTION_LABELS]?.short ?? action).join(' + ')}</strong> for{' '}
                  {formatNumber(decision.children)} {decision.children === 1 ? 'child' : 'children'} by {decision.actor ?? 'Lookout'} on {formatDateTime(decision.createdAt)} — {decision.reason}{' '}
                  <span className="text-slate-700">
                    · {formatNumber(decision.events)} {decision.events === 1 ? 'event' : 'events'} for the chat app, {formatNumber(decision.delivered)} delivered
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </>
  );
}
