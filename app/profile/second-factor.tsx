'use client';

import { useActionState } from 'react';
import { Button } from '@/components/ui/button';
import { Field, inputClass } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/message';
import { enrolTotpAction, removeTotpAction } from './actions';

/** Enrolment: scan (or type) the key, then prove the app works by entering its current code. */
export function EnrolSecondFactor({ secret, qrSvg }: { secret: string; qrSvg: string }) {
  const [state, formAction, pending] = useActionState(enrolTotpAction, null);
  const fieldErrors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <form action={formAction} className="max-w-md space-y-3">
      <p className="text-sm text-slate-600">Scan this code with an authenticator app, or type the key in by hand.</p>
      <div className="h-44 w-44 rounded border border-slate-200 bg-white p-1" aria-hidden dangerouslySetInnerHTML={{ __html: qrSvg }} />
      <p className="text-sm">
        Key: <code data-testid="totp-secret" className="select-all font-mono">{secret}</code>
      </p>
      <input type="hidden" name="secret" value={secret} />
      <Field id="enrolPassword" label="Current password" error={fieldErrors?.currentPassword}>
        <input name="currentPassword" id="enrolPassword" type="password" autoComplete="current-password" required className={inputClass} />
      </Field>
      <Field id="code" label="Code from the app" error={fieldErrors?.code ?? fieldErrors?.secret}>
        <input name="code" id="code" inputMode="numeric" autoComplete="one-time-code" required className={`${inputClass} max-w-40`} />
      </Field>
      <FormMessage error={state && !state.ok ? state.error : undefined} />
      <Button type="submit" disabled={pending}>
        Turn on second factor
      </Button>
    </form>
  );
}

export function RemoveSecondFactor() {
  const [state, formAction, pending] = useActionState(removeTotpAction, null);
  return (
    <form action={formAction} className="max-w-sm space-y-3">
      <Field id="removeTotpPassword" label="Current password" error={state && !state.ok ? state.fieldErrors?.currentPassword : undefined}>
        <input name="currentPassword" id="removeTotpPassword" type="password" autoComplete="current-password" required className={inputClass} />
      </Field>
      <FormMessage error={state && !state.ok ? state.error : undefined} />
      <Button type="submit" variant="danger" disabled={pending}>
        Turn off second factor
      </Button>
    </form>
  );
}
