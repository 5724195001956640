'use client';

import Link from 'next/link';
import { DataTable } from '@/components/ui/data-table';
import { Pill } from '@/components/ui/pill';
import type { StaffListEntry } from '@/lib/staff/list';

/** A member as the staff list shows them: times as text, the audit trail's address made on the server. */
export interface StaffRow extends Omit<StaffListEntry, 'createdAt' | 'lastSignIn'> {
  lastSignIn: string;
  auditHref: string;
  you: boolean;
}

/**
 * The team, one row per member. A client component so that its rows reach the page as data rather
 * than as a serialised element tree twice the size of their HTML (docs/performance.md, "Pages").
 */
export function StaffTable({ rows }: { rows: StaffRow[] }) {
  return (
    <DataTable
      framed
      label="Staff members"
      rows={rows}
      rowKey={(member) => member.id}
      rowProps={(member) => ({ 'data-testid': `staff-row-${member.email}` })}
      columns={[
        {
          header: 'Member',
          rowHeader: true,
          cell: (member) => (
            <Link href={`/staff/${member.id}`} className="text-sky-700 underline">
              {member.email}
              {member.you ? ' (you)' : ''}
            </Link>
          ),
        },
        { header: 'Name', cell: (member) => member.name },
        { header: 'Role', cell: (member) => member.role },
        { header: 'Status', cell: (member) => (member.active ? 'Active' : <span className="text-red-700">Disabled</span>) },
        {
          header: 'Sign-in',
          cell: (member) => (
            <>
              {member.secondFactor ? 'password + code' : 'password'}
              {member.secondFactor ? null : <Pill tone="warning">MFA off</Pill>}
              {member.mustChangePassword ? <span className="block text-slate-600">one-time password</span> : null}
            </>
          ),
        },
        { header: 'Last sign-in', className: 'whitespace-nowrap', cell: (member) => member.lastSignIn },
        { header: 'Open sessions', align: 'right', cell: (member) => member.activeSessions },
        {
          header: 'Audit',
          cell: (member) => (
            <Link href={member.auditHref} className="text-sky-700 underline" aria-label={`Audit trail of ${member.email}`}>
              Audit trail
            </Link>
          ),
        },
      ]}
    />
  );
}
