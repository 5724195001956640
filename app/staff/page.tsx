import { getDb } from '@/db';
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
      <div>
        <h1 className="text-xl font-semibold text-slate-800">Staff</h1>
        <p className="text-sm text-slate-500">Changing a role or disabling a member ends their sessions at once.</p>
      </div>
      <AddStaffForm />
      <table className="w-full border-collapse text-sm">
        <thead>
          <tr className="border-b border-slate-200 text-left text-slate-500">
            <th className="py-2 pr-4 font-medium">Email</th>
            <th className="py-2 pr-4 font-medium">Name</th>
            <th className="py-2 pr-4 font-medium">Role</th>
            <th className="py-2 pr-4 font-medium">Status</th>
            <th className="py-2 pr-4 font-medium">Sign-in</th>
            <th className="py-2 font-medium">Actions</th>
          </tr>
        </thead>
        <tbody>
          {members.map((member) => (
            <tr key={member.id} data-testid={`staff-row-${member.email}`} className="border-b border-slate-100 align-top">
              <td className="py-2 pr-4">{member.email}</td>
              <td className="py-2 pr-4">{member.name}</td>
              <td className="py-2 pr-4">{member.role}</td>
              <td className="py-2 pr-4">{member.active ? 'Active' : <span className="text-red-700">Disabled</span>}</td>
              <td className="py-2 pr-4 text-slate-600">
                {[member.secondFactor ? 'password + code' : 'password', member.mustChangePassword ? 'one-time password' : null]
                  .filter(Boolean)
                  .join(' · ')}
              </td>
              <td className="py-2">
                <StaffRowActions key={`${member.id}:${member.active}:${member.role}`} staffId={member.id} email={member.email} role={member.role} active={member.active} isSelf={member.id === actor.id} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
