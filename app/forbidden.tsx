import Link from 'next/link';
import { getActor } from '@/server/session';

/** Rendered (with status 403) when requirePagePermission refuses a signed-in member. */
export default async function Forbidden() {
  const actor = await getActor();
  return (
    <div className="max-w-lg space-y-3">
      <p className="text-sm font-medium text-slate-600">403 · Not allowed</p>
      <h1 className="text-xl font-semibold text-slate-800">You don’t have access to this page</h1>
      <p className="text-sm text-slate-600">
        {actor ? `Your role (${actor.role}) cannot open it.` : 'Your role cannot open it.'} If you need it for your work, ask an
        admin.
      </p>
      <Link href="/profile" className="text-sm text-slate-700 underline">
        Go to your profile
      </Link>
    </div>
  );
}
