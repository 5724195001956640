'use client';

import Link from 'next/link';
import { DataTable } from '@/components/ui/data-table';

/** An account as the search results show it, its age and join time already put into words on the server. */
export interface AccountRow {
  accountId: string;
  username: string;
  displayName: string | null;
  deviceCluster: string | null;
  claimedAge: string;
  ageAssurance: string;
  country: string;
  status: string;
  joined: string;
}

/**
 * Accounts found by a search. A client component so that its rows reach the page as data rather
 * than as a serialised element tree twice the size of their HTML (docs/performance.md, "Pages").
 */
export function AccountsTable({ rows }: { rows: AccountRow[] }) {
  return (
    <DataTable
      framed
      label="Accounts"
      rows={rows}
      rowKey={(row) => row.accountId}
      columns={[
        {
          header: 'Username',
          cell: (row) => (
            <>
              <Link href={`/accounts/${encodeURIComponent(row.accountId)}`} className="text-sky-700 underline">
                {row.username}
              </Link>
              {row.displayName ? <span className="ml-2 text-slate-600">{row.displayName}</span> : null}
            </>
          ),
        },
        { header: 'Account id', className: 'font-mono text-xs', cell: (row) => row.accountId },
        {
          header: 'Device cluster',
          className: 'font-mono text-xs',
          cell: (row) =>
            row.deviceCluster ? (
              <Link href={`/accounts?${new URLSearchParams({ q: row.deviceCluster })}`} className="text-sky-700 underline" title="Accounts on this device">
                {row.deviceCluster}
              </Link>
            ) : (
              '—'
            ),
        },
        { header: 'Claimed age', cell: (row) => row.claimedAge },
        { header: 'Age check', cell: (row) => row.ageAssurance },
        { header: 'Country', cell: (row) => row.country },
        { header: 'Status', cell: (row) => row.status },
        { header: 'Joined', className: 'text-slate-600', cell: (row) => row.joined },
      ]}
    />
  );
}
