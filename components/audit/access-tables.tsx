'use client';

import Link from 'next/link';
import { DataTable } from '@/components/ui/data-table';
import { Pill } from '@/components/ui/pill';
import type { BurstRow, FlagRow, ViewerRow, ViewRow } from './access-rows';
import { EntryLink } from './entry-columns';

// The access pages' tables. Client components so that their rows reach the page as data rather than
// as a serialised element tree twice the size of their HTML (docs/performance.md, "Session 6").

/** Accounts that stand out, grouped by who looked and at which account. */
export function FlagTable({ label, rows }: { label: string; rows: FlagRow[] }) {
  return (
    <DataTable
      label={label}
      rows={rows}
      rowKey={(row) => row.key}
      rowProps={(row) => ({ 'data-testid': row.testId })}
      columns={[
        { header: 'Who', cell: (row) => row.who },
        {
          header: 'Account',
          cell: (row) => (
            <Link href={`/audit/access/${encodeURIComponent(row.accountId)}`} className="text-sky-700 underline">
              {row.account}
            </Link>
          ),
        },
        { header: 'What they saw', cell: (row) => row.saw },
        { header: 'Views', align: 'right', cell: (row) => row.views },
        { header: 'When (UTC)', className: 'whitespace-nowrap tabular-nums', cell: (row) => row.when },
        { header: 'Behind it', cell: (row) => row.behind },
        {
          header: 'Entries',
          cell: (row) => (
            <Link href={row.href} className="text-sky-700 underline" aria-label={row.entriesLabel}>
              {row.entries}
            </Link>
          ),
        },
      ]}
    />
  );
}

/** One person viewing many accounts in a short time. */
export function BurstTable({ rows }: { rows: BurstRow[] }) {
  return (
    <DataTable
      label="Bursts of views"
      rows={rows}
      rowKey={(row) => row.key}
      rowProps={(row) => ({ 'data-testid': row.testId })}
      columns={[
        { header: 'Who', cell: (row) => row.who },
        { header: 'Accounts', align: 'right', cell: (row) => row.accounts },
        { header: 'Views', align: 'right', cell: (row) => row.views },
        { header: 'From (UTC)', className: 'whitespace-nowrap tabular-nums', cell: (row) => row.from },
        { header: 'To', className: 'whitespace-nowrap tabular-nums', cell: (row) => row.to },
        { header: 'Nothing behind', cell: (row) => (row.withoutBasis > 0 ? <Pill tone="warning">{`${row.withoutBasis} accounts`}</Pill> : 'none') },
        {
          header: 'Entries',
          cell: (row) => (
            <Link href={row.href} className="text-sky-700 underline" aria-label={`${row.views} entries of the burst by ${row.who} at ${row.from}`}>
              {row.views} entries
            </Link>
          ),
        },
      ]}
    />
  );
}

/** Who viewed one account, with a link to each person's entries on it. */
export function ViewersTable({ rows }: { rows: ViewerRow[] }) {
  return (
    <DataTable
      label="Viewers"
      rows={rows}
      rowKey={(row) => row.actorId}
      columns={[
        { header: 'Who', cell: (row) => row.who },
        { header: 'Views', align: 'right', cell: (row) => row.views },
        { header: 'Last (UTC)', className: 'whitespace-nowrap tabular-nums', cell: (row) => row.last },
        {
          header: 'Entries',
          cell: (row) => (
            <Link href={row.href} className="text-sky-700 underline" aria-label={`entries of ${row.who}`}>
              entries
            </Link>
          ),
        },
      ]}
    />
  );
}

/** Every view of one account, newest first. */
export function ViewsTable({ rows }: { rows: ViewRow[] }) {
  return (
    <DataTable
      label="Views"
      rows={rows}
      rowKey={(row) => row.seq}
      columns={[
        {
          header: 'Entry',
          align: 'right',
          cell: (row) => <EntryLink seq={row.seq} />,
        },
        { header: 'When (UTC)', className: 'whitespace-nowrap tabular-nums', cell: (row) => row.at },
        { header: 'Who', cell: (row) => row.who },
        { header: 'What', cell: (row) => row.what },
        {
          header: 'Behind it',
          cell: (row) => (
            <>
              {row.behind}
              {row.childWithNothingBehind ? <Pill tone="childSafety">Child, nothing behind it</Pill> : null}
              {row.heldNotOnRequest ? <Pill tone="warning">Held, not on the request</Pill> : null}
            </>
          ),
        },
      ]}
    />
  );
}
