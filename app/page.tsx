import { EmptyState } from '@/components/ui/message';
import { Card, PageHeader } from '@/components/ui/page';
import { AGE_BAND_LABELS, formatNumber } from '@/components/format';
import { getDb } from '@/db';
import { loadOverview } from '@/lib/overview/overview';
import { AGE_BANDS, REPORT_CATEGORIES, REPORT_STATUS } from '@/lib/platform/contract';
import { requirePagePermission } from '@/server/guard';

export const dynamic = 'force-dynamic';

export default async function OverviewPage() {
  await requirePagePermission('overview:read');
  const overview = await loadOverview(await getDb());

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
      <PageHeader title="Overview" description={`Imported platform data, ages as claimed on ${overview.asOf.toISOString().slice(0, 10)}.`} />
      <div className="mb-6 grid grid-cols-2 gap-4 lg:grid-cols-4">
        <Stat label="Accounts" value={overview.accounts} />
        <Stat label="Conversations" value={overview.conversations} />
        <Stat label="Blocks" value={overview.blocks} />
        <Stat label="Reports" value={overview.reports} />
      </div>
      <div className="grid gap-4 xl:grid-cols-2">
        <Card title="Accounts by claimed age">
          <table className="w-full text-sm">
            <tbody>
              {AGE_BANDS.map((band) => (
                <tr key={band}>
                  <th scope="row" className="w-24 py-1 pr-2 text-left font-normal text-slate-600">
                    {AGE_BAND_LABELS[band]}
                  </th>
                  <td className="py-1">
                    <div className="h-3 rounded bg-sky-600" style={{ width: `${(overview.accountsByAgeBand[band] / widest) * 100}%` }} />
                  </td>
                  <td className="w-24 py-1 pl-2 text-right tabular-nums">{formatNumber(overview.accountsByAgeBand[band])}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
        <Card title="Reports by category and status">
          <table className="w-full text-sm tabular-nums">
            <thead>
              <tr className="text-left text-xs text-slate-500">
                <th className="py-1 font-medium">Category</th>
                {REPORT_STATUS.map((status) => (
                  <th key={status} className="py-1 text-right font-medium">
                    {status.replace('_', ' ')}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {REPORT_CATEGORIES.map((category) => (
                <tr key={category} className="border-t border-slate-100">
                  <th scope="row" className="py-1 text-left font-normal text-slate-700">
                    {category.replace('_', ' ')}
                  </th>
                  {REPORT_STATUS.map((status) => (
                    <td key={status} className="py-1 text-right">
                      {formatNumber(overview.reportsByCategoryAndStatus[category][status])}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      </div>
    </>
  );
}

function Stat({ label, value }: { label: string; value: number }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4">
      <div className="text-xs uppercase tracking-wide text-slate-500">{label}</div>
      <div className="mt-1 text-2xl font-semibold tabular-nums" data-testid={`stat-${label.toLowerCase()}`}>
        {formatNumber(value)}
      </div>
    </div>
  );
}
