import Link from 'next/link';
import { formatDateTime } from '@/components/format';
import { PageHeader } from '@/components/ui/page';
import { StaffTable, type StaffRow } from '@/components/staff/staff-table';
import { auditViewHref } from '@/lib/audit/query';
import { listStaffPage, STAFF_PAGE_SIZE, type StaffListEntry } from '@/lib/staff/list';
import { requirePageContext } from '@/server/guard';
import { AddStaffForm } from './add-staff-form';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Staff · Lookout' };

function staffRow(member: StaffListEntry, viewerId: string): StaffRow {
  return {
    id: member.id,
    email: member.email,
    name: member.name,
    role: member.role,
    active: member.active,
    secondFactor: member.secondFactor,
    mustChangePassword: member.mustChangePassword,
    activeSessions: member.activeSessions,
    lastSignIn: member.lastSignIn ? formatDateTime(member.lastSignIn) : 'never',
    auditHref: auditViewHref({ targetType: 'staff', targetId: member.id }),
    you: member.id === viewerId,
  };
}

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
      <StaffTable rows={members.map((member) => staffRow(member, ctx.actor.id))} />
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
