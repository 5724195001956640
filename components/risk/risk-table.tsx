'use client';

import Link from 'next/link';
import { formatDateTime } from '@/components/format';
import { DataTable } from '@/components/ui/data-table';
import { AgeBands, PatternBadge, ReasonChip } from './chips';
import type { RiskRow } from './risk-row';

/**
 * Accounts ranked by grooming risk, with their top reasons. A client component so that its rows
 * reach the page as data: drawn on the server, fifty rows of chips travel as a serialised element
 * tree twice the size of their HTML, which the server builds, parses back and inlines on every view
 * (docs/performance.md, "Pages").
 */
export function RiskTable({ rows }: { rows: RiskRow[] }) {
  return (
    <DataTable
      framed
      label="Accounts by risk"
      rows={rows}
      rowKey={(row) => row.accountId}
      columns={[
        {
          header: 'Account',
          cell: (row) => (
            <>
              <Link href={`/risk/${encodeURIComponent(row.accountId)}`} className="text-sky-700 underline">
                {row.username ?? row.accountId}
              </Link>
              <div className="font-mono text-xs text-slate-600">{row.accountId}</div>
              {row.lastReview ? (
                <div className="text-xs text-slate-600" data-testid="already-reviewed">
                  Reviewed: {row.lastReview.decision === 'confirm' ? 'confirmed' : 'dismissed'} {formatDateTime(row.lastReview.reviewedAt)}
                  {row.lastReview.reviewer ? ` by ${row.lastReview.reviewer}` : ''}
                </div>
              ) : row.quiet ? (
                <div className="text-xs text-slate-600">dismissed</div>
              ) : null}
            </>
          ),
        },
        { header: 'Score', align: 'right', className: 'font-semibold', cell: (row) => row.score },
        { header: 'Age', cell: (row) => <AgeBands claimed={row.claimedBand} likely={row.likelyBand} claimedAge={row.claimedAge} /> },
        {
          header: 'Top reasons',
          cell: (row) => (
            <div className="flex flex-wrap gap-1">
              {row.topSignals.map((signal) => (
                <ReasonChip key={signal.code} signal={signal} />
              ))}
            </div>
          ),
        },
        {
          header: 'Patterns',
          cell: (row) => (
            <div className="flex flex-wrap gap-1">
              {row.patterns.map((pattern) => (
                <PatternBadge key={pattern} pattern={pattern} />
              ))}
            </div>
          ),
        },
      ]}
    />
  );
}
