import { getDb } from '@/db';
import { listStaff } from '@/lib/staff/list';
import { requirePagePermission } from '@/server/guard';

export const metadata = { title: 'Staff · Lookout' };

export default async function StaffPage() {
  const actor = await requirePagePermission('staff:manage');
  const members = await listStaff(await getDb(), actor);
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold text-slate-800">Staff</h1>
      <table className="w-full max-w-4xl border-collapse text-sm">
        <thead>
          <tr className="border-b border-slate-200 text-left text-slate-500">
            <th className="py-2 pr-4 font-medium">Email</th>
            <th className="py-2 pr-4 font-medium">Role</th>
            <th className="py-2 pr-4 font-medium">Status</th>
          </tr>
        </thead>
        <tbody>
          {members.map((member) => (
            <tr key={member.id} className="border-b border-slate-100">
              <td className="py-2 pr-4">{member.email}</td>
              <td className="py-2 pr-4">{member.role}</td>
              <td className="py-2 pr-4">{member.active ? 'Active' : 'Disabled'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
