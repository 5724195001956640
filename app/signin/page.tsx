import { redirect } from 'next/navigation';
import { safeNextPath } from '@/server/guard';
import { getActor } from '@/server/session';
import { SignInForm } from './signin-form';

export const metadata = { title: 'Sign in · Lookout' };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string; notice?: string }> }) {
  const { next: nextParam, notice } = await searchParams;
  const next = safeNextPath(nextParam);
  if (await getActor()) redirect(next);
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <h1 className="text-lg font-semibold text-slate-800">Lookout</h1>
        <p className="mb-6 text-sm text-slate-600">Trust and safety console · staff sign-in</p>
        {notice === 'password-changed' && (
          <p role="status" className="mb-4 rounded border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
            Password changed. Sign in with your new password.
          </p>
        )}
        <SignInForm next={next} />
      </div>
    </main>
  );
}
