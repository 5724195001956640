import { requirePagePermission } from '@/server/guard';
import { getStaffSession } from '@/server/session';

export const metadata = { title: 'Profile · Lookout' };

export default async function ProfilePage() {
  const actor = await requirePagePermission('profile:manage');
  const session = await getStaffSession();
  return (
    <div className="max-w-xl space-y-4">
      <h1 className="text-xl font-semibold text-slate-800">Your profile</h1>
      <dl className="grid grid-cols-[8rem_1fr] gap-y-2 text-sm">
        <dt className="text-slate-500">Email</dt>
        <dd>{actor.email}</dd>
        <dt className="text-slate-500">Role</dt>
        <dd>{actor.role}</dd>
      </dl>
      {session?.mustChangePassword && <p className="text-sm text-amber-800">Choose a new password before you continue.</p>}
    </div>
  );
}
