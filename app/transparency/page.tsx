import { buttonClass } from '@/components/ui/button';
import { Field, inputClass } from '@/components/ui/field';
import { EmptyState } from '@/components/ui/message';
import { Card, PageHeader } from '@/components/ui/page';
import { getDb } from '@/db';
import { REQUEST_TYPE_LABELS } from '@/lib/police/contract';
import { TRANSPARENCY_PERIODS, transparencyReport, transparencySchema } from '@/lib/police/transparency';
import { requirePagePermission } from '@/server/guard';

export const metadata = { title: 'Transparency report · Lookout' };
export const dynamic = 'force-dynamic';

export default async function TransparencyPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const actor = await requirePagePermission('police:read');
  const search = await searchParams;
  const parsed = transparencySchema.safeParse(search);
  const input = parsed.success ? parsed.data : transparencySchema.parse({});
  const rows = await transparencyReport(await getDb(), actor, input);
  const query = new URLSearchParams({ from: input.from, to: input.to, period: input.period });
  return (
    <>
      <PageHeader title="Transparency report" description="Requests from authorities per period (UTC) and legal type." />
      <form method="get" className="mb-4 flex flex-wrap items-end gap-3">
        <Field label="From">
          <input type="date" name="from" defaultValue={input.from} className={inputClass} />
        </Field>
        <Field label="To">
          <input type="date" name="to" defaultValue={input.to} className={inputClass} />
        </Field>
        <Field label="Period">
          <select name="period" defaultValue={input.period} className={inputClass}>
            {TRANSPARENCY_PERIODS.map((period) => (
              <option key={period} value={period}>
                {period}
              </option>
            ))}
          </select>
        </Field>
        <button type="submit" className={buttonClass()}>
          Show
        </button>
        <a href={`/api/transparency?${query}`} className="rounded border border-slate-300 bg-white px-3 py-1.5 text-sm text-slate-700 hover:bg-slate-100" download>
          Download CSV
        </a>
      </form>
      {!parsed.success ? <p role="alert" className="mb-3 text-sm text-red-700">Those dates could not be read; showing this year.</p> : null}
      <Card title={`${input.from} to ${input.to}, by ${input.period}`}>
        {rows.length === 0 ? (
          <EmptyState>No requests received in this range.</EmptyState>
        ) : (
          <table className="w-full text-sm tabular-nums" aria-label="Transparency report">
            <thead>
              <tr className="border-b border-slate-200 text-left text-slate-500">
                <th className="py-1.5 pr-3 font-medium">Period</th>
                <th className="py-1.5 pr-3 font-medium">Type</th>
                <th className="py-1.5 pr-3 font-medium">Requests received</th>
                <th className="py-1.5 pr-3 font-medium">Accounts specified</th>
                <th className="py-1.5 pr-3 font-medium">With some data produced</th>
                <th className="py-1.5 pr-3 font-medium">Emergency requests</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={`${row.period}:${row.type}`} className={`border-b border-slate-100 ${row.type === 'all' ? 'font-semibold' : ''}`}>
                  <td className="py-1.5 pr-3">{row.period}</td>
                  <td className="py-1.5 pr-3">{row.type === 'all' ? 'All types' : REQUEST_TYPE_LABELS[row.type]}</td>
                  <td className="py-1.5 pr-3">{row.requestsReceived}</td>
                  <td className="py-1.5 pr-3">{row.accountsSpecified}</td>
                  <td className="py-1.5 pr-3">
                    {row.requestsWithDataProduced} ({(row.shareWithDataProduced * 100).toFixed(1)}%)
                  </td>
                  <td className="py-1.5 pr-3">{row.emergencyRequests}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </>
  );
}
