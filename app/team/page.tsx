import { TeamCharts } from '@/components/lazy-charts';
import { buttonClass } from '@/components/ui/button';
import { DataTable } from '@/components/ui/data-table';
import { compactInputClass } from '@/components/ui/field';
import { DateRangeFields, FilterBar, FilterField, PeriodSelect } from '@/components/ui/filter-bar';
import { EmptyState, ErrorBox } from '@/components/ui/message';
import { Card, PageHeader } from '@/components/ui/page';
import { DomainError } from '@/lib/errors';
import { FIGURE_PERIODS, loadTeamFigures, teamFiguresSchema, type ModeratorFigures, type TeamFigures } from '@/lib/staff/figures';
import { requirePageContext } from '@/server/guard';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Team figures · Lookout' };

const who = (row: ModeratorFigures) => (row.name ? `${row.name} · ${row.email}` : (row.email ?? row.staffId));

/** Per moderator and period: items handled, handling time, decisions, overturns, child-safety exposure. Moderators see their own. */
export default async function TeamPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const ctx = await requirePageContext('team:read');
  const raw = await searchParams;
  const parsed = teamFiguresSchema.safeParse(raw);
  let problem = parsed.success ? null : parsed.error.issues[0]?.message;
  let figures: TeamFigures;
  try {
    figures = await loadTeamFigures(ctx, parsed.success ? parsed.data : {});
  } catch (error) {
    if (!(error instanceof DomainError) || error.code !== 'invalid_input') throw error;
    problem = error.message;
    figures = await loadTeamFigures(ctx, {});
  }
  const query = new URLSearchParams({ from: figures.from, to: figures.to, period: figures.period, ...(figures.staffId && figures.scope === 'team' ? { staffId: figures.staffId } : {}) });

  return (
    <div className="space-y-5">
      <PageHeader
        title={figures.scope === 'team' ? 'Team figures' : 'My figures'}
        description={`Items decided, handling time, decisions by kind, overturns on appeal and child-safety exposure, ${figures.from} to ${figures.to} (UTC).`}
        actions={
          <a href={`/api/team?${query}`} className={buttonClass('secondary')} download>
            Download CSV
          </a>
        }
      />
      {problem ? <ErrorBox>{problem}; showing the last four weeks.</ErrorBox> : null}
      <FilterBar label="Period" submitLabel="Show">
        <DateRangeFields from={figures.from} to={figures.to} inputClassName={compactInputClass} />
        <PeriodSelect periods={FIGURE_PERIODS} value={figures.period} selectClassName={compactInputClass} />
        {figures.scope === 'team' ? (
          <FilterField label="Moderator">
            <select name="staffId" defaultValue={figures.staffId ?? ''} className={compactInputClass}>
              <option value="">Everyone</option>
              {figures.totals.map((row) => (
                <option key={row.staffId} value={row.staffId}>
                  {who(row)}
                </option>
              ))}
            </select>
          </FilterField>
        ) : null}
      </FilterBar>

      <Card title="Per moderator, whole range">
        {figures.totals.length === 0 ? (
          <EmptyState>No decisions in this range.</EmptyState>
        ) : (
          <DataTable
            label="Team figures per moderator"
            rows={figures.totals}
            rowKey={(row) => row.staffId}
            rowProps={(row) => ({ 'data-testid': `figures-${row.email}` })}
            columns={[
              { header: 'Moderator', rowHeader: true, cell: who },
              { header: 'Items handled', align: 'right', cell: (row) => row.itemsHandled },
              { header: 'Median handling (min)', align: 'right', cell: (row) => row.medianHandlingMinutes ?? '–' },
              {
                header: 'Decisions by kind',
                cell: (row) =>
                  Object.entries(row.decisions)
                    .map(([kind, n]) => `${kind} ${n}`)
                    .join(', ') || '–',
              },
              { header: 'Overturned on appeal', align: 'right', cell: (row) => `${row.overturned} of ${row.accountDecisions}` },
              { header: 'Child-safety items', align: 'right', cell: (row) => row.childSafetyItems },
              { header: 'Child-safety reviews opened', align: 'right', cell: (row) => row.childSafetyViews },
            ]}
          />
        )}
      </Card>
      <TeamCharts rows={figures.rows} totals={figures.totals} decisionKinds={figures.decisionKinds} />
    </div>
  );
}
