'use client';

import { useActionState, useEffect, useState } from 'react';
import { signInAction, type SignInState } from './actions';

const input = 'mt-1 block w-full rounded border border-slate-300 px-3 py-2 text-sm focus:border-slate-500 focus:outline-none';

export function SignInForm({ next }: { next: string }) {
  const [state, formAction, pending] = useActionState<SignInState, FormData>(signInAction, {});
  // Controlled, so email and password survive the round trip when a one-time code is asked for.
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

  // A client-side navigation keeps the previous layout: a revoked session that lands here would
  // still show the signed-in frame around this form. Reload once to drop it.
  useEffect(() => {
    if (document.querySelector('[data-signed-in-frame]')) window.location.reload();
  }, []);

  return (
    <form action={formAction} className="space-y-4">
      <input type="hidden" name="next" value={next} />
      <label className="block text-sm font-medium text-slate-700">
        Email
        <input name="email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} className={input} />
      </label>
      <label className="block text-sm font-medium text-slate-700">
        Password
        <input
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          className={input}
        />
      </label>
      {state.needsCode && (
        <label className="block text-sm font-medium text-slate-700">
          Authentication code
          <input name="code" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9 ]{6,7}" required autoFocus className={input} />
          <span className="mt-1 block text-xs font-normal text-slate-500">The 6-digit code from your authenticator app.</span>
        </label>
      )}
      {state.error && (
        <p role="alert" className="rounded border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {state.error}
        </p>
      )}
      <button
        type="submit"
        disabled={pending}
        className="w-full rounded bg-slate-800 px-3 py-2 text-sm font-medium text-white hover:bg-slate-700 disabled:opacity-60"
      >
        {pending ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
