import Link from 'next/link';
import { buttonClass } from '@/components/ui/button';
import { compactInputClass } from '@/components/ui/field';
import { DateRangeFields, FilterBar, PeriodSelect } from '@/components/ui/filter-bar';
import { ErrorBox } from '@/components/ui/message';
import { Card, PageHeader } from '@/components/ui/page';
import { MeasuresTable } from '@/components/transparency/measures-table';
import { DomainError } from '@/lib/errors';
import { REPORT_PERIODS, transparencyFigures, transparencyReportSchema, type TransparencyReport } from '@/lib/transparency/report';
import { requirePageContext } from '@/server/guard';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Transparency report · Lookout' };

/** The full transparency report: reports, actions, appeals, holds, referrals and police requests per period, with CSV. */
export default async function FullTransparencyPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const ctx = await requirePageContext('transparency:read');
  const parsed = transparencyReportSchema.safeParse(await searchParams);
  let problem = parsed.success ? null : parsed.error.issues[0]?.message;
  let report: TransparencyReport;
  try {
    report = await transparencyFigures(ctx, parsed.success ? parsed.data : {});
  } catch (error) {
    if (!(error instanceof DomainError) || error.code !== 'invalid_input') throw error;
    problem = error.message;
    report = await transparencyFigures(ctx, {});
  }
  const query = new URLSearchParams({ from: report.from, to: report.to, period: report.period });

  return (
    <div className="space-y-5">
      <PageHeader
        title="Transparency report"
        description={`What came in and what was done with it, ${report.from} to ${report.to}, per ${report.period} (UTC). Counts only.`}
        actions={
          <div className="flex gap-2">
            <Link href="/transparency" className={buttonClass('secondary')}>
              Police requests in detail
            </Link>
            <a href={`/api/transparency/full?${query}`} className={buttonClass('secondary')} download>
              Download CSV
            </a>
          </div>
        }
      />
      {problem ? <ErrorBox>{problem}; showing this year.</ErrorBox> : null}
      <FilterBar label="Period" submitLabel="Show">
        <DateRangeFields from={report.from} to={report.to} inputClassName={compactInputClass} />
        <PeriodSelect periods={REPORT_PERIODS} value={report.period} selectClassName={compactInputClass} />
      </FilterBar>
      {report.sections.map((section) => (
        <Card key={section.key} title={section.title}>
          <MeasuresTable label={section.title} periods={report.periods} measures={section.measures} />
        </Card>
      ))}
    </div>
  );
}
