import Link from 'next/link';
import { AGE_BAND_LABELS } from '@/components/format';
import { Choice, compactInputClass } from '@/components/ui/field';
import { FilterBar, FilterField } from '@/components/ui/filter-bar';
import { EmptyState, ErrorBox } from '@/components/ui/message';
import { PageHeader } from '@/components/ui/page';
import { Pill } from '@/components/ui/pill';
import { QueuePaletteCommands } from '@/components/triage/queue-commands';
import { CATEGORY_LABELS, waitedFor } from '@/components/triage/labels';
import { QueueTable } from '@/components/triage/queue-table';
import { StartReviewing } from '@/components/triage/start-reviewing';
import { can } from '@/lib/auth/permissions';
import { AGE_BANDS } from '@/lib/platform/age-band';
import { REPORT_CATEGORIES } from '@/lib/platform/contract';
import { countQueues, listQueue, QUEUE_SORTS, queueViewQuery, type QueueViewQuery } from '@/lib/triage/listing';
import { viewFingerprint, viewProblems } from '@/lib/triage/view';
import { requirePageContext } from '@/server/guard';
import { loadOrNotFound } from '@/server/page-input';
import { WellnessToday } from '../_components/wellness-today';
import { startReviewingAction } from './actions';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Queues · Lookout' };

const SORT_LABELS = { priority: 'Priority', oldest: 'Oldest waiting', newest: 'Newest report', reports: 'Most reports' } as const;

/** The URL of this view with some parameters changed (a new filter always restarts from page one). */
function hrefWith(query: QueueViewQuery, changes: Partial<Record<keyof QueueViewQuery, string | undefined>>, path = '/queues'): string {
  const merged: Record<string, string | undefined> = { ...query, after: undefined, ...changes };
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(merged)) {
    if (value && !(key === 'sort' && value === 'priority') && !(key === 'assigned' && value === 'any')) params.set(key, value);
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

export default async function QueuesPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const ctx = await requirePageContext('reports:read');
  const { actor } = ctx;
  const parsed = queueViewQuery.safeParse(await searchParams);
  const requested = parsed.success ? parsed.data : queueViewQuery.parse({});
  const counts = await countQueues(ctx);
  const query = { ...requested, queue: requested.queue ?? counts[0]?.queue.id };
  // A filter that cannot be read shows no rows and offers no bulk action: it must never widen to the whole queue.
  // An unknown queue or a damaged page link in a hand-edited URL is a page that does not exist, not a 500.
  const page = counts.length && parsed.success ? await loadOrNotFound(listQueue(ctx, query)) : null;
  const canAct = can(actor.role, 'reports:act');

  return (
    <>
      <PageHeader
        title="Queues"
        description="One row per reported account. Child safety first, then priority (severity × risk band), then the longest waiting. Waiting time never outranks a more dangerous case: it makes items overdue."
        actions={page && canAct ? <StartReviewing queue={page.queue.id} action={startReviewingAction} /> : null}
      />
      <QueuePaletteCommands queues={counts.map((count) => ({ id: count.queue.id, name: count.queue.name }))} />
      <WellnessToday />
      {!parsed.success ? (
        <ErrorBox className="mb-4">
          These filters could not be read, so nothing is listed: {viewProblems(parsed.error).join('; ')}. Choose the filters again or reset them.
        </ErrorBox>
      ) : null}

      <nav aria-label="Queues" className="mb-4 flex flex-wrap gap-2">
        {counts.map((count) => {
          const active = count.queue.id === query.queue;
          return (
            <Link
              key={count.queue.id}
              href={hrefWith(query, { queue: count.queue.id })}
              aria-current={active ? 'page' : undefined}
              className={`rounded-lg border px-3 py-2 text-sm ${active ? 'border-slate-800 bg-white shadow-sm' : 'border-slate-200 bg-slate-50 hover:bg-white'}`}
            >
              {/* Spaces between the parts, so the link reads "Child safety 8 waiting 8 overdue", not "Child safety88 overdue". */}
              <span className="font-medium">{count.queue.name}</span>{' '}
              <span className="ml-1 tabular-nums text-slate-700" data-testid={`count-${count.queue.id}`}>
                {count.waiting}
              </span>
              <span className="sr-only"> waiting</span>
              {count.overdue > 0 ? <Pill tone="alarm">{count.overdue} overdue</Pill> : null}
              {count.oldestReportAt ? (
                <>
                  {' '}
                  <span className="ml-1 text-xs text-slate-600">oldest {waitedFor(count.oldestReportAt)}</span>
                </>
              ) : null}
            </Link>
          );
        })}
      </nav>

      <FilterBar label="Filters" resetHref={hrefWith({ ...queueViewQuery.parse({}), queue: query.queue }, {})}>
        <input type="hidden" name="queue" value={query.queue ?? ''} />
        <FilterField label="Sort">
          <select name="sort" defaultValue={query.sort} className={compactInputClass}>
            {QUEUE_SORTS.map((sort) => (
              <option key={sort} value={sort}>
                {SORT_LABELS[sort]}
              </option>
            ))}
          </select>
        </FilterField>
        <FilterField label="Category">
          <select name="category" defaultValue={query.category ?? ''} className={compactInputClass}>
            <option value="">Any</option>
            {REPORT_CATEGORIES.map((category) => (
              <option key={category} value={category}>
                {CATEGORY_LABELS[category]}
              </option>
            ))}
          </select>
        </FilterField>
        <FilterField label="Reported account’s age">
          <select name="ageBand" defaultValue={query.ageBand ?? ''} className={compactInputClass}>
            <option value="">Any</option>
            {AGE_BANDS.map((band) => (
              <option key={band} value={band}>
                {AGE_BAND_LABELS[band]}
              </option>
            ))}
          </select>
        </FilterField>
        <FilterField label="Assigned">
          <select name="assigned" defaultValue={query.assigned} className={compactInputClass}>
            <option value="any">Anyone or no one</option>
            <option value="unassigned">Free to claim</option>
            <option value="mine">Mine</option>
          </select>
        </FilterField>
        <Choice type="checkbox" name="overdue" value="1" defaultChecked={query.overdue === '1'} className="pb-2">
          Overdue only
        </Choice>
      </FilterBar>

      {!parsed.success ? null : !page ? (
        <EmptyState>You are not limited to any queue yet; ask an admin.</EmptyState>
      ) : page.rows.length === 0 ? (
        <EmptyState>Nothing waiting in {page.queue.name} with these filters.</EmptyState>
      ) : (
        <QueueTable
          canAct={canAct}
          bulkBase={`${hrefWith(query, {}, '/queues/bulk')}&filter=${viewFingerprint(query)}`}
          rows={page.rows.map((row) => ({ ...row, oldestReportAt: row.oldestReportAt.toISOString(), newestReportAt: row.newestReportAt.toISOString() }))}
        />
      )}
      <div className="mt-4 flex gap-4 text-sm">
        {query.after ? (
          <Link href={hrefWith(query, {})} className="text-sky-700 underline">
            ← First page
          </Link>
        ) : null}
        {page?.nextCursor ? (
          <Link href={hrefWith(query, { after: page.nextCursor })} className="text-sky-700 underline">
            Next page →
          </Link>
        ) : null}
        {page ? <span className="text-slate-600">Target: decided within {page.queue.targetMinutes} min of the oldest report.</span> : null}
      </div>
    </>
  );
}
