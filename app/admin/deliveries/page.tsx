import Link from 'next/link';
import { z } from 'zod';
import { formatDateTime } from '@/components/format';
import { DataTable } from '@/components/ui/data-table';
import { ActionForm } from '@/components/ui/form';
import { EmptyState, SuccessNote } from '@/components/ui/message';
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

/** The list's own input, and the confirmation a replay comes back with. */
const pageSchema = outboxListSchema.extend({
  replayed: z.coerce.number().int().min(0).optional(),
  entry: z.coerce.number().int().positive().optional(),
});

/** Whether decisions reach the chat app: backlog, failures, dead letters, and replay (admins). */
export default async function DeliveriesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await requirePageContext('deliveries:manage');
  const parsed = pageSchema.safeParse(await searchParams);
  const input = parsed.success ? parsed.data : pageSchema.parse({});
  const [overview, page] = await Promise.all([deliveriesOverview(ctx), loadOrNotFound(listOutboxEvents(ctx, input))]);
  const endpoint = configuredEndpoint();

  return (
    <>
      <PageHeader
        title="Deliveries"
        description="Decisions the chat app must carry out are posted to its webhook, signed, in order per account, retried for 24 hours and then kept here as dead letters."
      />
      <div className="space-y-4">
        {input.replayed !== undefined && input.entry !== undefined ? (
          <SuccessNote className="rounded border border-emerald-300 bg-emerald-50 px-3 py-2 text-emerald-900">
            Queued {input.replayed} event{input.replayed === 1 ? '' : 's'} again; recorded as{' '}
            <Link className="underline" href={`/audit?action=outbox.replay`}>
              audit entry #{input.entry}
            </Link>
            .
          </SuccessNote>
        ) : null}
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
            <ActionForm action={replayAction} submitLabel="Replay every dead letter" label="Replay every dead letter" className="mb-3">
              <input type="hidden" name="all" value="dead" />
              <input type="hidden" name="show" value={input.show} />
            </ActionForm>
          ) : null}
          {page.events.length === 0 ? <EmptyState>Nothing here: every decision so far has reached the chat app or is on its way.</EmptyState> : <EventTable events={page.events} show={input.show} />}
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

function EventTable({ events, show }: { events: OutboxEventView[]; show: string }) {
  return (
    <DataTable
      testId="delivery-events"
      rows={events}
      rowKey={(event) => event.seq}
      columns={[
        {
          header: 'Account',
          rowHeader: true,
          cell: (event) => (
            <Link className="text-sky-800 underline" href={`/accounts/${encodeURIComponent(event.accountId)}`}>
              {event.accountId}
            </Link>
          ),
        },
        { header: 'Event', className: 'font-mono text-xs', cell: (event) => event.type },
        {
          header: 'State',
          cell: (event) => (
            <>
              {event.state}, {event.attempts} attempt{event.attempts === 1 ? '' : 's'}
              {event.state === 'retrying' ? <span className="block text-xs text-slate-600">next try {formatDateTime(event.nextAttemptAt)}</span> : null}
            </>
          ),
        },
        { header: 'Last error', className: 'text-xs text-slate-700', cell: (event) => event.lastError ?? '—' },
        { header: 'Created', cell: (event) => formatDateTime(event.createdAt) },
        {
          header: 'Replay',
          srHeader: true,
          cell: (event) =>
            event.state === 'dead' || event.state === 'retrying' ? (
              <ActionForm action={replayAction} submitLabel="Replay" label={`Replay ${event.type} for ${event.accountId}`}>
                <input type="hidden" name="seq" value={event.seq} />
                <input type="hidden" name="show" value={show} />
              </ActionForm>
            ) : null,
        },
      ]}
    />
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
