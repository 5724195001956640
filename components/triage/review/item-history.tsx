import Link from 'next/link';
import { formatDateTime } from '../../format';
import { Card } from '@/components/ui/page';
import { ACCOUNT_ACTION_LABELS, CATEGORY_LABELS } from '../labels';
import type { Review } from '@/lib/triage/review';
import type { AccountAction } from '@/lib/triage/contract';

/** What happened to this item, and the account's reports elsewhere. */
export function ItemHistory({ review }: { review: Review }) {
  return (
    <>
      <Card title="Other reports about this account">
        {review.otherReports.length === 0 ? (
          <p className="text-sm text-slate-600">None.</p>
        ) : (
          <ul className="space-y-1 text-sm">
            {review.otherReports.map((report) => (
              <li key={report.reportId}>
                {CATEGORY_LABELS[report.category]} · {formatDateTime(report.createdAt)} · {report.status}
                {report.itemId ? (
                  <Link href={`/review/${report.itemId}`} className="ml-2 text-sky-700 underline">
                    open its item
                  </Link>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card title="History of this item">
        <ol className="space-y-1 text-sm" data-testid="item-history">
          {review.events.map((event) => (
            <li key={event.id}>
              <span className="text-slate-600">{formatDateTime(event.created_at)}</span> {event.email ?? event.actor_type} {event.kind.replace('_', ' ')}
              {event.account_action ? ` (${ACCOUNT_ACTION_LABELS[event.account_action as AccountAction]})` : ''}
              {event.reason ? <span className="text-slate-600"> — {event.reason}</span> : null}
              {event.batch_id ? <span className="ml-1 font-mono text-xs text-slate-600">batch {event.batch_id.slice(0, 8)}</span> : null}
            </li>
          ))}
        </ol>
      </Card>
    </>
  );
}
