import { buttonClass } from '@/components/ui/button';
import { compactInputClass } from '@/components/ui/field';
import { FilterBar, FilterField } from '@/components/ui/filter-bar';
import { EmptyState, ErrorBox } from '@/components/ui/message';
import { Card, PageHeader } from '@/components/ui/page';
import { DataTable } from '@/components/ui/data-table';
import { REQUEST_TYPE_LABELS } from '@/lib/police/contract';
import { TRANSPARENCY_PERIODS, transparencyReport, transparencySchema } from '@/lib/police/transparency';
import { requirePageContext } from '@/server/guard';

export const metadata = { title: 'Transparency report · Lookout' };
export const dynamic = 'force-dynamic';

export default async function TransparencyPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const ctx = await requirePageContext('police:read');
  const search = await searchParams;
  const parsed = transparencySchema.safeParse(search);
  const input = parsed.success ? parsed.data : transparencySchema.parse({});
  const rows = await transparencyReport(ctx, input);
  const query = new URLSearchParams({ from: input.from, to: input.to, period: input.period });
  return (
    <>
      <PageHeader title="Transparency report" description="Requests from authorities per period (UTC) and legal type." />
      <FilterBar
        label="Report range"
        submitLabel="Show"
        extra={
          <a href={`/api/transparency?${query}`} className={buttonClass('secondary')} download>
            Download CSV
          </a>
        }
      >
        <FilterField label="From">
          <input type="date" name="from" defaultValue={input.from} className={compactInputClass} />
        </FilterField>
        <FilterField label="To">
          <input type="date" name="to" defaultValue={input.to} className={compactInputClass} />
        </FilterField>
        <FilterField label="Period">
          <select name="period" defaultValue={input.period} className={compactInputClass}>
            {TRANSPARENCY_PERIODS.map((period) => (
              <option key={period} value={period}>
                {period}
              </option>
            ))}
          </select>
        </FilterField>
      </FilterBar>
      {!parsed.success ? <ErrorBox className="mb-3">Those dates could not be read; showing this year.</ErrorBox> : null}
      <Card title={`${input.from} to ${input.to}, by ${input.period}`}>
        {rows.length === 0 ? (
          <EmptyState>No requests received in this range.</EmptyState>
        ) : (
          <DataTable
            label="Transparency report"
            rows={rows}
            rowKey={(row) => `${row.period}:${row.type}`}
            rowProps={(row) => ({ className: row.type === 'all' ? 'font-semibold' : '' })}
            columns={[
              { header: 'Period', cell: (row) => row.period },
              { header: 'Type', cell: (row) => (row.type === 'all' ? 'All types' : REQUEST_TYPE_LABELS[row.type]) },
              { header: 'Requests received', align: 'right', cell: (row) => row.requestsReceived },
              { header: 'Accounts specified', align: 'right', cell: (row) => row.accountsSpecified },
              {
                header: 'With some data produced',
                align: 'right',
                cell: (row) => `${row.requestsWithDataProduced} (${(row.shareWithDataProduced * 100).toFixed(1)}%)`,
              },
              { header: 'Emergency requests', align: 'right', cell: (row) => row.emergencyRequests },
            ]}
          />
        )}
      </Card>
    </>
  );
}
