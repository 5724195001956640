'use client';

import { useActionState } from 'react';
import { Button } from '@/components/ui/button';
import { Field, inputClass } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/message';
import { MIN_PASSWORD_LENGTH } from '@/lib/auth/password-length';
import { changePasswordAction } from './actions';

export function PasswordForm() {
  const [state, formAction, pending] = useActionState(changePasswordAction, null);
  const fieldErrors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <form action={formAction} className="max-w-sm space-y-3">
      <Field id="currentPassword" label="Current password" error={fieldErrors?.currentPassword}>
        <input name="currentPassword" id="currentPassword" type="password" autoComplete="current-password" required className={inputClass} />
      </Field>
      <Field id="newPassword" label="New password" error={fieldErrors?.newPassword} hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}>
        <input name="newPassword" id="newPassword" type="password" autoComplete="new-password" required minLength={MIN_PASSWORD_LENGTH} className={inputClass} />
      </Field>
      <Field id="confirmPassword" label="New password again" error={fieldErrors?.confirmPassword}>
        <input name="confirmPassword" id="confirmPassword" type="password" autoComplete="new-password" required className={inputClass} />
      </Field>
      <FormMessage error={state && !state.ok ? state.error : undefined} />
      <Button type="submit" disabled={pending}>
        {pending ? 'Saving…' : 'Change password'}
      </Button>
    </form>
  );
}
