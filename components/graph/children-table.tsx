'use client';

import Link from 'next/link';
import { AGE_BAND_LABELS, formatNumber } from '@/components/format';
import { DataTable, type Column } from '@/components/ui/data-table';
import { Pill } from '@/components/ui/pill';
import type { ReachedChild } from '@/lib/graph/children';
import { PROTECTIVE_ACTION_LABELS } from './protective-actions';

/** A reached child as the table receives it, with the last contact's day as text (UTC, made on the server). */
export interface ChildRow extends ReachedChild {
  lastContactDay: string;
}

const COLUMNS: Column<ChildRow>[] = [
  {
    header: 'Child',
    rowHeader: true,
    cell: (child) => (
      <>
        <Link href={`/accounts/${encodeURIComponent(child.id)}`} className="text-sky-700 underline">
          {child.username ?? child.id}
        </Link>{' '}
        <span className="text-slate-700">{child.age !== null ? `${child.age}` : AGE_BAND_LABELS[child.band]}</span>
      </>
    ),
  },
  { header: 'Wrote first', cell: (child) => (child.adultWroteFirst ? 'this account' : 'the child') },
  { header: 'Messages (account / child)', align: 'right', cell: (child) => `${formatNumber(child.messagesFromAdult)} / ${formatNumber(child.messagesFromChild)}` },
  {
    header: 'Media (account / child)',
    align: 'right',
    cell: (child) => (
      <span className={child.mediaFromChild > 0 ? 'font-semibold text-red-800' : undefined}>
        {formatNumber(child.mediaFromAdult)} / {formatNumber(child.mediaFromChild)}
      </span>
    ),
  },
  {
    header: 'Blocked or reported',
    cell: (child) => (
      <>
        {child.childBlockedAdult ? <Pill tone="danger">child blocked it</Pill> : null}
        {child.adultBlockedChild ? <Pill tone="muted">it blocked the child</Pill> : null}
        {child.reportsByChild > 0 ? <Pill tone="childSafety">{child.reportsByChild === 1 ? 'child reported it' : `child reported it ${child.reportsByChild}×`}</Pill> : null}
        {!child.childBlockedAdult && !child.adultBlockedChild && child.reportsByChild === 0 ? <span className="text-slate-700">no</span> : null}
      </>
    ),
  },
  {
    header: 'Still in contact',
    cell: (child) => (child.stillInContact ? <Pill tone="warning">yes, last {child.lastContactDay}</Pill> : <span className="text-slate-700">no, last {child.lastContactDay}</span>),
  },
  {
    header: 'Protection decided',
    cell: (child) =>
      child.protectedBy.length ? (
        child.protectedBy.map((action) => (
          <Pill key={action} tone="success">
            {PROTECTIVE_ACTION_LABELS[action as keyof typeof PROTECTIVE_ACTION_LABELS]?.short ?? action}
          </Pill>
        ))
      ) : (
        <span className="text-slate-700">none</span>
      ),
  },
];

const CHOOSE: Column<ChildRow> = {
  header: 'Choose',
  srHeader: true,
  cell: (child) => <input type="checkbox" name="childIds" value={child.id} aria-label={`Choose ${child.username ?? child.id}`} />,
};

/**
 * The children an account reached, one row each; with `choosable`, a checkbox per child for the
 * protective-actions form around it. A client component so that its rows reach the page as data
 * rather than as a serialised element tree twice the size of their HTML (docs/performance.md, "Pages").
 */
export function ChildrenTable({ rows, choosable }: { rows: ChildRow[]; choosable: boolean }) {
  return <DataTable framed label="Children reached" rows={rows} rowKey={(child) => child.id} columns={choosable ? [CHOOSE, ...COLUMNS] : COLUMNS} />;
}
