import { redirect } from 'next/navigation';
import { safeNextPath } from '@/server/guard';
import { getActor } from '@/server/session';
import { SignInForm } from './signin-form';

export const metadata = { title: 'Sign in · Lookout' };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const next = safeNextPath((await searchParams).next);
  if (await getActor()) redirect(next);
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <h1 className="text-lg font-semibold text-slate-800">Lookout</h1>
        <p className="mb-6 text-sm text-slate-500">Trust and safety console · staff sign-in</p>
        <SignInForm next={next} />
      </div>
    </main>
  );
}
