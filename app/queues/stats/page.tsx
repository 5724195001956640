import { compactInputClass } from '@/components/ui/field';
import { FilterBar, FilterField } from '@/components/ui/filter-bar';
import { Card, PageHeader } from '@/components/ui/page';
import { formatMinutes, waitedFor } from '@/components/triage/labels';
import { StatsCharts } from '@/components/lazy-charts';
import { loadStats, statsQuery } from '@/lib/triage/stats';
import { requirePageContext } from '@/server/guard';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Triage stats · Lookout' };

const day = (at: Date) => at.toISOString().slice(0, 10);

export default async function StatsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const ctx = await requirePageContext('reports:read');
  const parsed = statsQuery.safeParse(await searchParams);
  const period = parsed.success ? parsed.data : statsQuery.parse({});
  const stats = await loadStats(ctx, period);
  const to = new Date(period.until.getTime() - 24 * 60 * 60 * 1000);

  return (
    <>
      <PageHeader title="Triage stats" description="Open work now; actions and handling times over the chosen period (UTC days)." />
      <FilterBar label="Period" submitLabel="Show" extra={!parsed.success ? <p className="text-red-700">{parsed.error.issues[0]?.message}</p> : null}>
        <FilterField label="From">
          <input type="date" name="from" defaultValue={day(period.from)} className={compactInputClass} />
        </FilterField>
        <FilterField label="To">
          <input type="date" name="to" defaultValue={day(to)} className={compactInputClass} />
        </FilterField>
      </FilterBar>

      <div className="mb-4 grid gap-4 md:grid-cols-4">
        <Card title="Median time to first action">
          <p className="text-2xl font-semibold" data-testid="median-first-action">
            {formatMinutes(stats.medianMinutesToFirstAction)}
          </p>
        </Card>
        <Card title="Median time to resolution">
          <p className="text-2xl font-semibold">{formatMinutes(stats.medianMinutesToResolution)}</p>
        </Card>
        <Card title="Waiting now">
          <p className="text-2xl font-semibold">{stats.queues.reduce((sum, count) => sum + count.waiting, 0)}</p>
        </Card>
        <Card title="Overdue now">
          <p className="text-2xl font-semibold text-red-700">{stats.queues.reduce((sum, count) => sum + count.overdue, 0)}</p>
        </Card>
      </div>

      <div className="mb-4">
        <Card title="Oldest waiting per queue">
          <ul className="grid gap-1 text-sm md:grid-cols-3">
            {stats.queues.map((count) => (
              <li key={count.queue.id}>
                {count.queue.name}: {count.waiting} waiting, oldest {count.oldestReportAt ? waitedFor(count.oldestReportAt) : '–'}
                {count.overdue ? <span className="ml-1 text-red-700">({count.overdue} overdue)</span> : null}
              </li>
            ))}
          </ul>
        </Card>
      </div>

      <StatsCharts
        queues={stats.queues.map((count) => ({ id: count.queue.id, name: count.queue.name }))}
        openByQueueAndCategory={stats.openByQueueAndCategory}
        actionsByModerator={stats.actionsByModerator}
        daily={stats.daily}
      />
    </>
  );
}
