import Link from 'next/link';
import { AuditTrailLink } from '@/components/audit/audit-trail-link';
import { auditViewHref } from '@/lib/audit/query';
import { z } from 'zod';
import { formatDateTime } from '@/components/format';
import { buttonClass } from '@/components/ui/button';
import { Pill } from '@/components/ui/pill';
import { HoldBadge } from '@/components/police/hold-badge';
import { AccountPanel } from '@/components/triage/review/account-panel';
import { ItemHistory } from '@/components/triage/review/item-history';
import { ReportsList } from '@/components/triage/review/reports-list';
import { ReviewActions } from '@/components/triage/review/review-actions';
import { ESCALATION_LABELS, STATUS_LABELS, waitedFor } from '@/components/triage/labels';
import { can } from '@/lib/auth/permissions';
import { ACTIVE_ITEM_STATUS } from '@/lib/triage/contract';
import { loadReview } from '@/lib/triage/review';
import { requirePageContext } from '@/server/guard';
import { loadOrNotFound, routeSegment } from '@/server/page-input';
import { isFoldedCategory } from '@/lib/wellness/wellness';
import { WellnessToday } from '../../_components/wellness-today';
import { releaseAction, revealReportTextAction, reviewAction } from './actions';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Review · Lookout' };

async function load(segment: string, reportsAfter: string | undefined) {
  const ctx = await requirePageContext('reports:read');
  const itemId = routeSegment(segment, z.uuid());
  // An unknown item, or a damaged "more reports" link: a page that does not exist.
  return { actor: ctx.actor, review: await loadOrNotFound(loadReview(ctx, { itemId, reportsAfter })) };
}

export default async function ReviewPage({ params, searchParams }: { params: Promise<{ itemId: string }>; searchParams: Promise<{ reports?: string | string[] }> }) {
  const { reports: reportsAfter } = await searchParams;
  const { actor, review } = await load((await params).itemId, typeof reportsAfter === 'string' ? reportsAfter : undefined);
  const { item, account } = review;
  const active = (ACTIVE_ITEM_STATUS as readonly string[]).includes(item.status);
  const heldByMe = item.held && item.assigneeId === actor.id;

  return (
    <div className="space-y-4">
      <WellnessToday />
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <p className="text-xs text-slate-600">
            <Link href={`/queues?queue=${item.queueId}`} className="hover:underline">
              {item.queueName}
            </Link>{' '}
            · item <span className="font-mono">{item.id}</span>
          </p>
          <h1 className="text-xl font-semibold text-slate-900" data-testid="review-account">
            {account.username ?? account.accountId}
            <span className="ml-2 font-mono text-sm font-normal text-slate-600">{account.accountId}</span>
          </h1>
          <p className="mt-1 flex flex-wrap gap-2 text-sm text-slate-600">
            <span className="rounded bg-slate-100 px-2" data-testid="review-status">
              {STATUS_LABELS[item.status]}
              {item.escalationTarget ? ` · ${ESCALATION_LABELS[item.escalationTarget]}` : ''}
            </span>
            <span>
              {item.reportCount} report{item.reportCount === 1 ? '' : 's'} from {item.reporterCount} reporter{item.reporterCount === 1 ? '' : 's'}
            </span>
            <span>oldest {waitedFor(item.oldestReportAt)} ago</span>
            {item.overdue && active ? <Pill tone="alarm">Overdue</Pill> : null}
            {review.onHold ? <HoldBadge /> : null}
            {/* A decided item is held by no one, whatever its last lease says. */}
            {item.held && active ? (
              <span>
                {heldByMe ? 'held by you' : `held by ${item.assigneeEmail}`}
                {item.leaseExpiresAt ? ` until ${formatDateTime(item.leaseExpiresAt)}` : ''}
              </span>
            ) : null}
          </p>
        </div>
        <div className="flex gap-2">
          {can(actor.role, 'audit:read') ? <AuditTrailLink href={auditViewHref({ targetType: 'queue_item', targetId: item.id })} /> : null}
          {can(actor.role, 'referrals:create') ? (
            <Link href={`/accounts/${encodeURIComponent(account.accountId)}/refer`} className={buttonClass('danger')}>
              Refer to liaison
            </Link>
          ) : null}
        </div>
      </div>

      {active && can(actor.role, 'reports:act') ? (
        <ReviewActions
          key={`${item.id}:${item.version}`}
          itemId={item.id}
          version={item.version}
          status={item.status}
          queueId={item.queueId}
          queueName={item.queueName}
          heldByMe={heldByMe}
          heldByOther={item.held && !heldByMe ? item.assigneeEmail : null}
          templates={review.templates.map((template) => ({
            id: template.id,
            name: template.name,
            action: template.action,
            accountAction: template.accountAction,
            rendered: template.rendered,
          }))}
          reviewAction={reviewAction}
          releaseAction={releaseAction}
        />
      ) : null}

      <div className="grid gap-4 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <div className="space-y-4">
          <ReportsList
            total={item.reportCount}
            reportedId={account.accountId}
            reveal={revealReportTextAction}
            reports={review.reports.map((report) => ({
              ...report,
              // The hardest categories' text stays on the server until the moderator reveals it (audited).
              description: isFoldedCategory(report.category) && report.description ? null : report.description,
              createdAt: report.createdAt.toISOString(),
              reporter: report.reporter ? { ...report.reporter, createdAt: report.reporter.createdAt?.toISOString() ?? null } : null,
            }))}
          />
          {review.reportsAfter || review.reportsNext ? (
            <p className="flex gap-4 text-sm" data-testid="reports-pages">
              {review.reportsAfter ? (
                <Link href={`/review/${item.id}`} className="text-sky-700 underline">
                  ← Newest reports
                </Link>
              ) : null}
              {review.reportsNext ? (
                <Link href={`/review/${item.id}?reports=${review.reportsNext}`} className="text-sky-700 underline">
                  Older reports →
                </Link>
              ) : null}
            </p>
          ) : null}
          <ItemHistory review={review} />
        </div>
        <AccountPanel review={review} />
      </div>
    </div>
  );
}
