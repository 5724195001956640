'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useHotkeys } from 'react-hotkeys-hook';
import { DataTable } from '@/components/ui/data-table';
import { Pill } from '@/components/ui/pill';
import { AGE_BAND_LABELS } from '../format';
import { CATEGORY_LABELS, ESCALATION_LABELS, STATUS_LABELS, waitedFor } from './labels';
import type { QueueRow } from '@/lib/triage/listing';

export type QueueRowView = Omit<QueueRow, 'oldestReportAt' | 'newestReportAt'> & { oldestReportAt: string; newestReportAt: string };

/**
 * The queue's rows, one per reported account. j/k move, Enter opens, x selects for bulk work.
 * Overdue rows carry a red edge and an "Overdue" badge.
 */
export function QueueTable({ rows, canAct, bulkBase }: { rows: QueueRowView[]; canAct: boolean; bulkBase: string }) {
  const router = useRouter();
  const [cursor, setCursor] = useState(0);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const current = rows[cursor];

  useHotkeys('j', () => setCursor((index) => Math.min(rows.length - 1, index + 1)), { description: 'Next row' }, [rows.length]);
  useHotkeys('k', () => setCursor((index) => Math.max(0, index - 1)), { description: 'Previous row' });
  useHotkeys('enter, o', () => current && router.push(`/review/${current.id}`), { description: 'Open the highlighted item' }, [current]);
  useHotkeys('x', () => current && toggle(current.id), { enabled: canAct, description: 'Select the highlighted row for bulk work' }, [current]);

  function toggle(id: string) {
    setSelected((previous) => {
      const next = new Set(previous);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }

  return (
    <div>
      {canAct && selected.size > 0 ? (
        <div className="mb-2 flex items-center gap-3 rounded border border-sky-200 bg-sky-50 px-3 py-2 text-sm">
          <span>{selected.size} selected</span>
          <Link href={`/queues/bulk?ids=${[...selected].join(',')}`} className="font-medium text-sky-800 hover:underline">
            Bulk action on the selection →
          </Link>
          <button type="button" onClick={() => setSelected(new Set())} className="text-slate-600 hover:underline">
            Clear
          </button>
        </div>
      ) : null}
      <DataTable
        framed
        label="Queue items"
        rows={rows}
        rowKey={(row) => row.id}
        rowProps={(row, index) => ({
          'data-testid': 'queue-row',
          'aria-current': index === cursor ? 'true' : undefined,
          className: `${index === cursor ? 'bg-sky-50' : ''} ${row.overdue ? 'border-l-4 border-l-red-600' : 'border-l-4 border-l-transparent'}`,
        })}
        columns={[
          ...(canAct
            ? [
                {
                  header: 'Select',
                  srHeader: true,
                  className: 'w-8',
                  cell: (row: QueueRowView) => (
                    <input type="checkbox" aria-label={`Select ${row.username ?? row.reportedId}`} checked={selected.has(row.id)} onChange={() => toggle(row.id)} />
                  ),
                },
              ]
            : []),
          {
            header: 'Reported account',
            cell: (row) => (
              <>
                <Link href={`/review/${row.id}`} className="font-medium text-sky-700 underline">
                  {row.username ?? row.reportedId}
                </Link>{' '}
                <span className="ml-1 font-mono text-xs text-slate-600">{row.reportedId}</span>
                {row.childSafety ? (
                  <Pill tone="childSafety">
                    Child safety
                  </Pill>
                ) : null}
                {row.onHold ? (
                  <Pill tone="indigo">
                    Hold
                  </Pill>
                ) : null}
              </>
            ),
          },
          {
            header: 'Age band',
            className: 'whitespace-nowrap',
            cell: (row) => (
              <>
                {AGE_BAND_LABELS[row.ageBand]}
                <span className="ml-1 text-xs text-slate-600">{row.ageBandSource}</span>
              </>
            ),
          },
          {
            header: 'Risk',
            className: 'whitespace-nowrap',
            cell: (row) => (row.riskScore === null ? <span className="text-slate-600">not scored</span> : Math.round(row.riskScore)),
          },
          { header: 'Reports', align: 'right', cell: (row) => row.reportCount },
          { header: 'Reporters', align: 'right', cell: (row) => row.reporterCount },
          {
            header: 'Categories',
            cell: (row) => (
              <div className="flex flex-wrap gap-1">
                {row.categories.map((category) => (
                  <Pill key={category}>{CATEGORY_LABELS[category]}</Pill>
                ))}
              </div>
            ),
          },
          {
            header: 'Oldest',
            className: 'whitespace-nowrap',
            cell: (row) => (
              <>
                {waitedFor(row.oldestReportAt)}
                {row.overdue ? (
                  <Pill tone="alarm">
                    Overdue
                  </Pill>
                ) : null}
              </>
            ),
          },
          { header: 'Newest', className: 'whitespace-nowrap', cell: (row) => waitedFor(row.newestReportAt) },
          {
            header: 'State',
            className: 'text-xs text-slate-700',
            cell: (row) => (
              <>
                {STATUS_LABELS[row.status]}
                {row.escalationTarget ? ` · ${ESCALATION_LABELS[row.escalationTarget]}` : ''}
                {row.assigneeEmail ? <div>held by {row.assigneeEmail}</div> : null}
              </>
            ),
          },
          {
            header: 'Why here',
            className: 'min-w-64 text-xs text-slate-700',
            cell: (row) => <span data-testid="queue-why">{row.why}; then longest waiting</span>,
          },
        ]}
      />
      {canAct ? (
        <p className="mt-2 text-xs text-slate-600">
          Or act on everything this view shows:{' '}
          <Link href={bulkBase} className="text-sky-700 underline">
            bulk workspace for this filter
          </Link>
        </p>
      ) : null}
    </div>
  );
}
