import { formatDateTime } from '@/components/format';
import { Card } from '@/components/ui/page';
import type { RequestDetail } from '@/lib/police/queries';

export function HistorySection({ detail }: { detail: RequestDetail }) {
  return (
    <Card title="History">
      <ol className="space-y-1 text-sm" aria-label="History">
        {detail.history.map((event) => (
          <li key={event.id}>
            <span className="tabular-nums text-slate-600">{formatDateTime(event.at)}</span> · {event.fromStatus ? `${event.fromStatus.replaceAll('_', ' ')} → ` : ''}
            <strong>{event.toStatus.replaceAll('_', ' ')}</strong> by {event.actorEmail}: {event.reason}
          </li>
        ))}
      </ol>
    </Card>
  );
}
