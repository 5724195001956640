import Link from 'next/link';
import { PageHeader } from '@/components/ui/page';
import { DataTable } from '@/components/ui/data-table';
import { getDb } from '@/db';
import { auditViewHref } from '@/lib/audit/query';
import { listStaff } from '@/lib/staff/list';
import { requirePagePermission } from '@/server/guard';
import { AddStaffForm } from './add-staff-form';
import { StaffRowActions } from './staff-row-actions';

export const metadata = { title: 'Staff · Lookout' };

export default async function StaffPage() {
  const actor = await requirePagePermission('staff:manage');
  const members = await listStaff(await getDb(), actor);
  return (
    <div className="space-y-6">
      <PageHeader title="Staff" description="Changing a role or disabling a member ends their sessions at once." />
      <AddStaffForm />
      <DataTable
        label="Staff members"
        rows={members}
        rowKey={(member) => member.id}
        rowProps={(member) => ({ 'data-testid': `staff-row-${member.email}` })}
        columns={[
          { header: 'Email', cell: (member) => member.email },
          { header: 'Name', cell: (member) => member.name },
          { header: 'Role', cell: (member) => member.role },
          { header: 'Status', cell: (member) => (member.active ? 'Active' : <span className="text-red-700">Disabled</span>) },
          {
            header: 'Sign-in',
            className: 'text-slate-600',
            cell: (member) =>
              [member.secondFactor ? 'password + code' : 'password', member.mustChangePassword ? 'one-time password' : null].filter(Boolean).join(' · '),
          },
          {
            header: 'Audit',
            cell: (member) => (
              <Link href={auditViewHref({ targetType: 'staff', targetId: member.id })} className="text-sky-700 underline" aria-label={`Audit trail of ${member.email}`}>
                Audit trail
              </Link>
            ),
          },
          {
            header: 'Actions',
            cell: (member) => (
              <StaffRowActions key={`${member.id}:${member.active}:${member.role}`} staffId={member.id} email={member.email} role={member.role} active={member.active} isSelf={member.id === actor.id} />
            ),
          },
        ]}
      />
    </div>
  );
}
