import Link from 'next/link';
import { formatDateTime } from '@/components/format';
import { ActionForm } from '@/components/ui/form';
import { EmptyState } from '@/components/ui/message';
import { Card, PageHeader } from '@/components/ui/page';
import { deliveriesOverview, listOutboxEvents, outboxListSchema, type OutboxEventView } from '@/lib/outbox/admin';
import { webhookTargetFromEnv } from '@/lib/outbox/webhook';
import { requirePageContext } from '@/server/guard';
import { loadOrNotFound } from '@/server/page-input';
import { replayAction } from './actions';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Deliveries · Lookout' };

const TABS = [
  { show: 'failing', label: 'Retrying' },
  { show: 'dead', label: 'Dead letters' },
  { show: 'pending', label: 'Backlog' },
] as const;

/** Whether decisions reach the chat app: backlog, failures, dead letters, and replay (admins). */
export default async function DeliveriesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await requirePageContext('deliveries:manage');
  const parsed = outboxListSchema.safeParse(await searchParams);
  const input = parsed.success ? parsed.data : outboxListSchema.parse({});
  const [overview, page] = await Promise.all([deliveriesOverview(ctx), loadOrNotFound(listOutboxEvents(ctx, input))]);
  const endpoint = configuredEndpoint();

  return (
    <>
      <PageHeader
        title="Deliveries"
        description="Decisions the chat app must carry out are posted to its webhook, signed, in order per account, retried for 24 hours and then kept here as dead letters."
      />
      <div className="space-y-4">
        <Card title="Now">
          <dl className="grid grid-cols-2 gap-3 text-sm sm:grid-cols-5">
            <Figure label="Endpoint" value={endpoint ?? 'not configured: events wait here'} />
            <Figure label="Waiting" value={String(overview.pending)} />
            <Figure label="Retrying" value={String(overview.retrying)} />
            <Figure label="Dead letters" value={String(overview.dead)} />
            <Figure label="Delivered (24 h)" value={String(overview.deliveredLastDay)} />
          </dl>
          {overview.oldestPendingAt ? <p className="mt-2 text-xs text-slate-600">Oldest waiting since {formatDateTime(overview.oldestPendingAt)}.</p> : null}
        </Card>
        <nav aria-label="Which events" className="flex gap-3 text-sm">
          {TABS.map((tab) => (
            <Link key={tab.show} href={`/admin/deliveries?show=${tab.show}`} aria-current={tab.show === input.show ? 'page' : undefined} className={tab.show === input.show ? 'font-semibold text-slate-900 underline' : 'text-sky-800 underline'}>
              {tab.label}
            </Link>
          ))}
        </nav>
        <Card title={TABS.find((tab) => tab.show === input.show)!.label}>
          {input.show === 'dead' && page.events.length > 0 ? (
            <ActionForm action={replayAction} submitLabel="Replay every dead letter" label="Replay every dead letter" successText="Queued again." className="mb-3">
              <input type="hidden" name="all" value="dead" />
            </ActionForm>
          ) : null}
          {page.events.length === 0 ? <EmptyState>Nothing here: every decision so far has reached the chat app or is on its way.</EmptyState> : <EventTable events={page.events} />}
          {page.nextCursor ? (
            <Link className="mt-3 inline-block text-sm text-sky-800 underline" href={`/admin/deliveries?show=${input.show}&after=${page.nextCursor}`}>
              Older events
            </Link>
          ) : null}
        </Card>
      </div>
    </>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <dt className="text-xs text-slate-600">{label}</dt>
      <dd className="font-medium text-slate-900">{value}</dd>
    </div>
  );
}

function EventTable({ events }: { events: OutboxEventView[] }) {
  return (
    <table className="w-full text-sm">
      <thead>
        <tr className="text-left text-xs text-slate-600">
          <th className="py-1 pr-3 font-medium">Event</th>
          <th className="py-1 pr-3 font-medium">Account</th>
          <th className="py-1 pr-3 font-medium">State</th>
          <th className="py-1 pr-3 font-medium">Last error</th>
          <th className="py-1 pr-3 font-medium">Created</th>
          <th className="py-1 pr-3 font-medium">Replay</th>
        </tr>
      </thead>
      <tbody>
        {events.map((event) => (
          <tr key={event.seq} className="border-t border-slate-100">
            <td className="py-1 pr-3 font-mono text-xs">{event.type}</td>
            <td className="py-1 pr-3">
              <Link className="text-sky-800 underline" href={`/accounts/${encodeURIComponent(event.accountId)}`}>
                {event.accountId}
              </Link>
            </td>
            <td className="py-1 pr-3">
              {event.state}, {event.attempts} attempt{event.attempts === 1 ? '' : 's'}
            </td>
            <td className="py-1 pr-3 text-xs text-slate-700">{event.lastError ?? '—'}</td>
            <td className="py-1 pr-3">{formatDateTime(event.createdAt)}</td>
            <td className="py-1 pr-3">
              <ActionForm action={replayAction} submitLabel="Replay" label={`Replay event ${event.seq}`} successText="Queued again.">
                <input type="hidden" name="seq" value={event.seq} />
              </ActionForm>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The endpoint's origin only: the path may carry a token. */
function configuredEndpoint(): string | null {
  try {
    const target = webhookTargetFromEnv();
    return target ? new URL(target.url).origin : null;
  } catch (error) {
    return error instanceof Error ? error.message : 'misconfigured';
  }
}
