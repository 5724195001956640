import Link from 'next/link';
import { formatDateTime } from '@/components/format';
import { DataTable } from '@/components/ui/data-table';
import { PageHeader } from '@/components/ui/page';
import { Pill } from '@/components/ui/pill';
import { auditViewHref } from '@/lib/audit/query';
import { listStaffPage, STAFF_PAGE_SIZE } from '@/lib/staff/list';
import { requirePageContext } from '@/server/guard';
import { AddStaffForm } from './add-staff-form';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Staff · Lookout' };

/** The team: who can sign in, with which second factor, when they last did, and how many sessions are open now. */
export default async function StaffPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await requirePageContext('staff:manage');
  const { after } = await searchParams;
  const { members, total, nextAfter } = await listStaffPage(ctx, { after: typeof after === 'string' ? after : undefined });
  return (
    <div className="space-y-6">
      <PageHeader title="Staff" description="Open a member to change their role, disable them or end a session; each asks for a reason and is audited." />
      <AddStaffForm />
      <p className="text-sm text-slate-600" data-testid="staff-count">
        {total} {total === 1 ? 'member' : 'members'}
        {after || nextAfter ? `, ${STAFF_PAGE_SIZE} a page by email` : ''}
      </p>
      <DataTable
        framed
        label="Staff members"
        rows={members}
        rowKey={(member) => member.id}
        rowProps={(member) => ({ 'data-testid': `staff-row-${member.email}` })}
        columns={[
          {
            header: 'Member',
            rowHeader: true,
            cell: (member) => (
              <Link href={`/staff/${member.id}`} className="text-sky-700 underline">
                {member.email}
                {member.id === ctx.actor.id ? ' (you)' : ''}
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
          { header: 'Last sign-in', className: 'whitespace-nowrap', cell: (member) => (member.lastSignIn ? formatDateTime(member.lastSignIn) : 'never') },
          { header: 'Open sessions', align: 'right', cell: (member) => member.activeSessions },
          {
            header: 'Audit',
            cell: (member) => (
              <Link href={auditViewHref({ targetType: 'staff', targetId: member.id })} className="text-sky-700 underline" aria-label={`Audit trail of ${member.email}`}>
                Audit trail
              </Link>
            ),
          },
        ]}
      />
      {after || nextAfter ? (
        <nav aria-label="Staff pages" className="flex gap-4 text-sm">
          {after ? (
            <Link href="/staff" className="text-sky-700 underline">
              ← First page
            </Link>
          ) : null}
          {nextAfter ? (
            <Link href={`/staff?after=${encodeURIComponent(nextAfter)}`} className="text-sky-700 underline">
              Next {STAFF_PAGE_SIZE} →
            </Link>
          ) : null}
        </nav>
      ) : null}
    </div>
  );
}
