'use client';

import { DataTable } from '@/components/ui/data-table';
import type { ReportMeasure } from '@/lib/transparency/report';

/**
 * One section of the transparency report: a row per measure, a column per period, and the total.
 * A client component so that its rows reach the page as data rather than as a serialised element
 * tree twice the size of their HTML (docs/performance.md, "Pages").
 */
export function MeasuresTable({ label, periods, measures }: { label: string; periods: string[]; measures: ReportMeasure[] }) {
  return (
    <DataTable<ReportMeasure>
      label={label}
      rows={measures}
      rowKey={(measure) => measure.key}
      rowProps={(measure) => ({ 'data-testid': `measure-${measure.key}`, className: measure.key.endsWith('.all') ? 'font-semibold' : '' })}
      columns={[
        { header: 'Measure', rowHeader: true, cell: (measure) => measure.label },
        ...periods.map((period) => ({ header: period, align: 'right' as const, cell: (measure: ReportMeasure) => measure.byPeriod[period] ?? 0 })),
        { header: 'Total', align: 'right', cell: (measure) => measure.total },
      ]}
    />
  );
}
