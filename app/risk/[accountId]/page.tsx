import Link from 'next/link';
import { notFound } from 'next/navigation';
import { EmptyState } from '@/components/ui/message';
import { Card, PageHeader } from '@/components/ui/page';
import { formatDateTime } from '@/components/format';
import { AgeBands, PatternBadge } from '@/components/risk/chips';
import { SignalEvidence } from '@/components/risk/evidence';
import { RetractFlagForm, ReviewForms } from '@/components/risk/review-forms';
import { can } from '@/lib/auth/permissions';
import { viewRiskAccount } from '@/lib/risk/account';
import { signalLabel } from '@/lib/risk/labels';
import { PATTERN_LABELS } from '@/lib/risk/patterns';
import { requirePageContext } from '@/server/guard';
import { routeSegment } from '@/server/page-input';
import { accountIdParam } from '@/lib/accounts/detail';

export const dynamic = 'force-dynamic';

/** One account's risk: every reason with the evidence behind it, its review history, and the review forms. */
export default async function RiskAccountPage({ params }: { params: Promise<{ accountId: string }> }) {
  const ctx = await requirePageContext('risk:read');
  const { actor } = ctx;
  const id = routeSegment((await params).accountId, accountIdParam);
  const view = await viewRiskAccount(ctx, id);
  if (!view) notFound();
  const { account, risk } = view;

  return (
    <>
      <PageHeader
        title={`Risk: ${account.username}`}
        description={
          <>
            <span className="font-mono">{account.accountId}</span> · {account.status} ·{' '}
            <Link href={`/accounts/${encodeURIComponent(account.accountId)}`} className="text-sky-700 underline">
              account page
            </Link>
          </>
        }
      />
      {!risk ? (
        <EmptyState>No risk signals for this account in the latest scoring.</EmptyState>
      ) : (
        <div className="space-y-4">
          <Card title="Assessment">
            <dl className="grid grid-cols-[10rem_1fr] gap-y-1 text-sm">
              <dt className="text-slate-600">Score</dt>
              <dd className="font-semibold tabular-nums" data-testid="risk-score">
                {risk.score}
                {risk.quiet ? <span className="ml-2 font-normal text-slate-600">(dismissed; quiet until new evidence)</span> : null}
              </dd>
              <dt className="text-slate-600">Age</dt>
              <dd>
                <AgeBands claimed={risk.claimedBand} likely={risk.likelyBand} claimedAge={risk.claimedAge} />
              </dd>
              <dt className="text-slate-600">Patterns</dt>
              <dd className="flex flex-wrap gap-1">
                {risk.patterns.length ? risk.patterns.map((p) => <PatternBadge key={p} pattern={p} />) : '—'}
              </dd>
              <dt className="text-slate-600">As of</dt>
              <dd>{formatDateTime(risk.asOf)}</dd>
            </dl>
          </Card>
          <Card title="Reasons">
            <ol className="space-y-3" aria-label="Reasons">
              {risk.signals.map((signal) => (
                <li key={signal.code}>
                  <div className="flex flex-wrap items-baseline gap-2 text-sm">
                    <span className="w-12 text-right font-semibold tabular-nums">+{signal.weight}</span>
                    <span className="font-medium">{signalLabel(signal.code)}</span>
                    {signal.pattern ? <PatternBadge pattern={signal.pattern} /> : null}
                  </div>
                  <p className="ml-14 text-sm text-slate-700">{signal.evidence}</p>
                  <div className="ml-14">
                    <SignalEvidence signal={signal} view={view} />
                  </div>
                </li>
              ))}
            </ol>
          </Card>
        </div>
      )}
      <div className="mt-4">
        <Card title="Flags and reviews">
          {view.flags.length === 0 && view.reviews.length === 0 ? (
            <p className="text-sm text-slate-600">Not reviewed yet.</p>
          ) : (
            <ul className="space-y-2 text-sm" aria-label="Flags and reviews">
              {view.flags.map(({ flag, reviewer }) => (
                <li key={flag.id}>
                  <strong>Flag: {PATTERN_LABELS[flag.pattern]}</strong> — {flag.rationale}{' '}
                  <span className="text-slate-600">
                    ({reviewer ?? 'unknown'}, {formatDateTime(flag.createdAt)})
                  </span>
                  {flag.retractedAt ? (
                    <span>
                      {' '}
                      — <strong>retracted</strong> {formatDateTime(flag.retractedAt)}: {flag.retractionReason}
                    </span>
                  ) : can(actor.role, 'risk:review') ? (
                    <RetractFlagForm flagId={flag.id} pattern={PATTERN_LABELS[flag.pattern]} />
                  ) : null}
                </li>
              ))}
              {view.reviews
                .filter(({ review }) => review.decision === 'dismiss')
                .map(({ review, reviewer }) => (
                  <li key={review.id}>
                    <strong>Dismissed</strong> — {review.reason}{' '}
                    <span className="text-slate-600">
                      ({reviewer ?? 'unknown'}, {formatDateTime(review.reviewedAt)})
                    </span>
                  </li>
                ))}
              {view.actions.map((action) => (
                <li key={action.id}>
                  <strong>Action: {action.action}</strong> — {action.reason} <span className="text-slate-600">({formatDateTime(action.createdAt)})</span>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
      <div className="mt-4">
        <Card title="Reports in the queue">
          {view.queueItems.length === 0 ? (
            <p className="text-sm text-slate-600">No report about this account is in a queue.</p>
          ) : (
            <ul className="space-y-1 text-sm" aria-label="Queue items">
              {view.queueItems.map((item) => (
                <li key={item.id}>
                  <Link href={`/review/${item.id}`} className="text-sky-700 underline">
                    {item.queue_name}: {item.report_count} report(s), {item.status.replace('_', ' ')}
                  </Link>
                  {item.closed_at ? <span className="text-slate-600"> (closed {formatDateTime(item.closed_at)})</span> : null}
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
      {risk && can(actor.role, 'risk:review') ? (
        <div className="mt-4">
          <ReviewForms
            accountId={account.accountId}
            raised={risk.patterns}
            signals={risk.signals}
            canAct={can(actor.role, 'accounts:act')}
            canRefer={can(actor.role, 'referrals:create')}
          />
        </div>
      ) : null}
    </>
  );
}
