'use client';

import { useActionState, useEffect, useState } from 'react';
import { Button } from '@/components/ui/button';
import { Field, inputClass } from '@/components/ui/field';
import { ErrorBox } from '@/components/ui/message';
import { signInAction, type SignInState } from './actions';

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
      <Field label="Email">
        <input name="email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} className={inputClass} />
      </Field>
      <Field label="Password">
        <input
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          className={inputClass}
        />
      </Field>
      {state.needsCode && (
        <Field label="Authentication code" hint="The 6-digit code from your authenticator app.">
          <input name="code" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9 ]{6,7}" required autoFocus className={inputClass} />
        </Field>
      )}
      {state.error && (
        <ErrorBox>{state.error}</ErrorBox>
      )}
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? 'Signing in…' : 'Sign in'}
      </Button>
    </form>
  );
}
