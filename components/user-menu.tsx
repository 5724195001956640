import Link from 'next/link';
import type { StaffActor } from '@/lib/auth/session';
import { signOutAction } from '@/server/auth-actions';

/** Who is signed in, with their role, and the way out. */
export function UserMenu({ actor }: { actor: StaffActor }) {
  return (
    <div className="flex items-center gap-3">
      <Link href="/profile" className="hover:underline" data-testid="signed-in-email">
        {actor.email}
      </Link>
      <span className="rounded bg-slate-100 px-2 py-0.5 text-xs font-medium uppercase tracking-wide text-slate-600">
        {actor.role}
      </span>
      <form action={signOutAction}>
        <button type="submit" className="rounded border border-slate-300 px-2 py-0.5 text-slate-700 hover:bg-slate-100">
          Sign out
        </button>
      </form>
    </div>
  );
}
