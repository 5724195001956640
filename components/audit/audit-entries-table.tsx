'use client';

import Link from 'next/link';
import { DataTable } from '@/components/ui/data-table';
import { ENTRY_LEAD_COLUMNS } from './entry-columns';
import type { AuditEntryRow } from './entry-row';

/**
 * The audit explorer's entries. A client component so that its rows reach the page as data rather
 * than as a serialised element tree twice the size of their HTML (docs/performance.md, "Pages").
 */
export function AuditEntriesTable({ rows }: { rows: AuditEntryRow[] }) {
  return (
    <DataTable
      framed
      label="Audit entries"
      testId="audit-entries"
      rows={rows}
      rowKey={(entry) => entry.seq}
      rowProps={(entry) => ({ 'data-testid': `entry-${entry.seq}` })}
      columns={[
        ...ENTRY_LEAD_COLUMNS,
        {
          header: 'Target',
          cell: ({ target }) => {
            const text = (
              <>
                {target.label}
                {target.id ? <span className="block font-mono text-xs">{target.id}</span> : null}
              </>
            );
            return target.href ? (
              <Link href={target.href} className="text-sky-700 underline">
                {text}
              </Link>
            ) : (
              text
            );
          },
        },
        {
          header: 'What changed',
          className: 'max-w-md',
          cell: (entry) => (
            <>
              {entry.reason ? <p className="mb-1 font-medium text-slate-900">{entry.reason}</p> : null}
              <p className="break-words text-xs text-slate-700">{entry.summary}</p>
            </>
          ),
        },
      ]}
    />
  );
}
