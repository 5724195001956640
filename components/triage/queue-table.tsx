'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useHotkeys } from 'react-hotkeys-hook';
import { AGE_BAND_LABELS } from '../format';
import { CATEGORY_LABELS, ESCALATION_LABELS, STATUS_LABELS, waitedFor } from './labels';
import type { QueueRow } from '../../lib/triage/listing';

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
      <table className="w-full rounded-lg border border-slate-200 bg-white text-sm">
        <thead>
          <tr className="border-b border-slate-200 text-left text-xs text-slate-500">
            {canAct ? (
              <th className="w-8 px-3 py-2">
                <span className="sr-only">Select</span>
              </th>
            ) : null}
            <th className="px-3 py-2 font-medium">Reported account</th>
            <th className="px-3 py-2 font-medium">Age band</th>
            <th className="px-3 py-2 font-medium">Risk</th>
            <th className="px-3 py-2 text-right font-medium">Reports</th>
            <th className="px-3 py-2 text-right font-medium">Reporters</th>
            <th className="px-3 py-2 font-medium">Categories</th>
            <th className="px-3 py-2 font-medium">Oldest</th>
            <th className="px-3 py-2 font-medium">Newest</th>
            <th className="px-3 py-2 font-medium">State</th>
            <th className="px-3 py-2 font-medium">Why here</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (
            <tr
              key={row.id}
              data-testid="queue-row"
              aria-current={index === cursor ? 'true' : undefined}
              className={`border-b border-slate-100 last:border-0 ${index === cursor ? 'bg-sky-50' : ''} ${
                row.overdue ? 'border-l-4 border-l-red-500' : 'border-l-4 border-l-transparent'
              }`}
            >
              {canAct ? (
                <td className="px-3 py-1.5">
                  <input
                    type="checkbox"
                    aria-label={`Select ${row.username ?? row.reportedId}`}
                    checked={selected.has(row.id)}
                    onChange={() => toggle(row.id)}
                  />
                </td>
              ) : null}
              <td className="px-3 py-1.5">
                <Link href={`/review/${row.id}`} className="font-medium text-sky-700 hover:underline">
                  {row.username ?? row.reportedId}
                </Link>
                <span className="ml-2 font-mono text-xs text-slate-500">{row.reportedId}</span>
                {row.childSafety ? <span className="ml-2 rounded bg-rose-100 px-1.5 text-xs text-rose-800">Child safety</span> : null}
                {row.onHold ? <span className="ml-2 rounded bg-indigo-100 px-1.5 text-xs text-indigo-800">Hold</span> : null}
              </td>
              <td className="whitespace-nowrap px-3 py-1.5">
                {AGE_BAND_LABELS[row.ageBand]}
                <span className="ml-1 text-xs text-slate-500">{row.ageBandSource}</span>
              </td>
              <td className="whitespace-nowrap px-3 py-1.5">{row.riskScore === null ? <span className="text-slate-400">not scored</span> : Math.round(row.riskScore)}</td>
              <td className="px-3 py-1.5 text-right tabular-nums">{row.reportCount}</td>
              <td className="px-3 py-1.5 text-right tabular-nums">{row.reporterCount}</td>
              <td className="px-3 py-1.5">
                <div className="flex flex-wrap gap-1">
                  {row.categories.map((category) => (
                    <span key={category} className="rounded bg-slate-100 px-1.5 text-xs text-slate-700">
                      {CATEGORY_LABELS[category]}
                    </span>
                  ))}
                </div>
              </td>
              <td className="px-3 py-1.5 whitespace-nowrap">
                {waitedFor(row.oldestReportAt)}
                {row.overdue ? <span className="ml-2 rounded bg-red-600 px-1.5 text-xs font-medium text-white">Overdue</span> : null}
              </td>
              <td className="px-3 py-1.5 whitespace-nowrap">{waitedFor(row.newestReportAt)}</td>
              <td className="px-3 py-1.5 text-xs text-slate-600">
                {STATUS_LABELS[row.status]}
                {row.escalationTarget ? ` · ${ESCALATION_LABELS[row.escalationTarget]}` : ''}
                {row.assigneeEmail ? <div>held by {row.assigneeEmail}</div> : null}
              </td>
              <td className="px-3 py-1.5 text-xs text-slate-600" data-testid="queue-why">
                {row.why}; then longest waiting
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {canAct ? (
        <p className="mt-2 text-xs text-slate-500">
          Or act on everything this view shows:{' '}
          <Link href={bulkBase} className="text-sky-700 hover:underline">
            bulk workspace for this filter
          </Link>
        </p>
      ) : null}
    </div>
  );
}
