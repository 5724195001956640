'use client';

import { useState, type ComponentProps } from 'react';
import { useHotkeys } from 'react-hotkeys-hook';
import { AGE_BAND_LABELS } from '../../format';
import { Card } from '@/components/ui/page';
import { FoldedReportText } from '@/components/wellness/folded-report-text';
import { CATEGORY_LABELS } from '../labels';
import type { ReviewReport } from '@/lib/triage/review';

export type ReviewReportView = Omit<ReviewReport, 'createdAt' | 'reporter' | 'description'> & {
  createdAt: string;
  /** Null: folded (a category whose text is read only on purpose, lib/wellness/wellness.ts). */
  description: string | null;
  reporter: (Omit<NonNullable<ReviewReport['reporter']>, 'createdAt'> & { createdAt: string | null }) | null;
};

/** The item's reports, newest first; j/k move between them, o shows or hides the highlighted one's text. */
export function ReportsList({
  reports,
  total,
  reportedId,
  reveal,
}: {
  reports: ReviewReportView[];
  total: number;
  /** The reported account (every report of an item is about it). */
  reportedId: string;
  reveal: ComponentProps<typeof FoldedReportText>['reveal'];
}) {
  const [cursor, setCursor] = useState(0);
  // Texts start open: the reviewer must read them; long ones can be folded away.
  const [folded, setFolded] = useState<Set<string>>(new Set());
  const current = reports[cursor];

  useHotkeys('j', () => setCursor((index) => Math.min(reports.length - 1, index + 1)), { description: 'Next report' }, [reports.length]);
  useHotkeys('k', () => setCursor((index) => Math.max(0, index - 1)), { description: 'Previous report' });
  useHotkeys('o', () => current && toggle(current.reportId), { description: 'Show or hide the highlighted report’s text' }, [current]);

  function toggle(reportId: string) {
    setFolded((previous) => {
      const next = new Set(previous);
      if (next.has(reportId)) next.delete(reportId);
      else next.add(reportId);
      return next;
    });
  }

  return (
    <Card title={reports.length < total ? `Reports (${total}; ${reports.length} on this page)` : `Reports (${total})`}>
      <ul className="space-y-2">
        {reports.map((report, index) => {
          const open = !folded.has(report.reportId);
          return (
            <li
              key={report.reportId}
              aria-current={index === cursor ? 'true' : undefined}
              className={`rounded border p-3 text-sm ${index === cursor ? 'border-sky-400 bg-sky-50' : 'border-slate-200'}`}
            >
              <div className="flex flex-wrap items-center justify-between gap-2">
                <div className="flex flex-wrap items-center gap-2">
                  <span className="rounded bg-slate-100 px-1.5 text-xs font-medium">{CATEGORY_LABELS[report.category]}</span>
                  <span className="text-xs text-slate-600">
                    {report.createdAt.replace('T', ' ').slice(0, 16)} UTC · {report.source}
                  </span>
                </div>
                <button
                  type="button"
                  aria-expanded={open}
                  onClick={() => toggle(report.reportId)}
                  className="text-xs text-sky-700 underline"
                >
                  {open ? 'Hide text' : 'Show text'}
                </button>
              </div>
              {open ? (
                report.description === null ? (
                  <FoldedReportText reportedId={reportedId} reportId={report.reportId} categoryLabel={CATEGORY_LABELS[report.category]} text={null} reveal={reveal} />
                ) : (
                  <p className="mt-2 whitespace-pre-wrap text-slate-800">{report.description || <em className="text-slate-600">No text.</em>}</p>
                )
              ) : null}
              <p className="mt-2 text-xs text-slate-600">
                {report.reporter ? (
                  <>
                    Reported by <strong>{report.reporter.username ?? report.reporter.accountId}</strong> · age{' '}
                    {AGE_BAND_LABELS[report.reporter.ageBand]}
                    {report.reporter.ageAssurance && report.reporter.ageAssurance !== 'none' ? ` (checked: ${report.reporter.ageAssurance})` : ''} · has
                    filed {report.reporter.reportsFiled} report{report.reporter.reportsFiled === 1 ? '' : 's'}
                  </>
                ) : (
                  'No reporter (automated or law enforcement)'
                )}
              </p>
            </li>
          );
        })}
      </ul>
    </Card>
  );
}
