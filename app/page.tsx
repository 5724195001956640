import { EmptyState } from '@/components/ui/message';
import { Card, PageHeader } from '@/components/ui/page';
import { AGE_BAND_LABELS, formatNumber } from '@/components/format';
import { DataTable } from '@/components/ui/data-table';
import { loadOverview, OVERVIEW_RECOUNT_MS } from '@/lib/overview/overview';
import { AGE_BANDS } from '@/lib/platform/age-band';
import { REPORT_CATEGORIES, REPORT_STATUS } from '@/lib/platform/contract';
import { requirePageContext } from '@/server/guard';

export const dynamic = 'force-dynamic';

export default async function OverviewPage() {
  const overview = await loadOverview(await requirePageContext('overview:read'));

  if (overview.accounts === 0) {
    return (
      <>
        <PageHeader title="Overview" />
        <EmptyState>
          No platform data yet. Import a folder of CSV files with <code>npm run lookout -- import &lt;dir&gt; --as &lt;admin email&gt;</code>.
        </EmptyState>
      </>
    );
  }

  const widest = Math.max(...Object.values(overview.accountsByAgeBand), 1);
  return (
    <>
      <PageHeader
        title="Overview"
        description={`Imported platform data, ages as claimed on ${overview.asOf.toISOString().slice(0, 10)}. Counted at ${overview.countedAt.toISOString().slice(11, 16)} UTC; counted again when ${OVERVIEW_RECOUNT_MS / 60_000} minutes old.`}
      />
      <div className="mb-6 grid grid-cols-2 gap-4 lg:grid-cols-4">
        <Stat label="Accounts" value={overview.accounts} />
        <Stat label="Conversations" value={overview.conversations} />
        <Stat label="Blocks" value={overview.blocks} />
        <Stat label="Reports" value={overview.reports} />
      </div>
      <div className="grid gap-4 xl:grid-cols-2">
        <Card title="Accounts by claimed age">
          <DataTable
            label="Accounts by claimed age"
            hideHeader
            rows={AGE_BANDS}
            rowKey={(band) => band}
            columns={[
              { header: 'Claimed age', rowHeader: true, className: 'w-24 text-slate-700', cell: (band) => AGE_BAND_LABELS[band] },
              {
                header: 'Share',
                cell: (band) => <div className="h-3 rounded bg-sky-600" style={{ width: `${(overview.accountsByAgeBand[band] / widest) * 100}%` }} />,
              },
              { header: 'Accounts', align: 'right', className: 'w-24', cell: (band) => formatNumber(overview.accountsByAgeBand[band]) },
            ]}
          />
        </Card>
        <Card title="Reports by category and status">
          <DataTable
            label="Reports by category and status"
            rows={REPORT_CATEGORIES}
            rowKey={(category) => category}
            columns={[
              { header: 'Category', rowHeader: true, cell: (category) => category.replace('_', ' ') },
              ...REPORT_STATUS.map((status) => ({
                header: status.replace('_', ' '),
                align: 'right' as const,
                cell: (category: (typeof REPORT_CATEGORIES)[number]) => formatNumber(overview.reportsByCategoryAndStatus[category][status]),
              })),
            ]}
          />
        </Card>
      </div>
    </>
  );
}

function Stat({ label, value }: { label: string; value: number }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4">
      <div className="text-xs uppercase tracking-wide text-slate-600">{label}</div>
      <div className="mt-1 text-2xl font-semibold tabular-nums" data-testid={`stat-${label.toLowerCase()}`}>
        {formatNumber(value)}
      </div>
    </div>
  );
}
