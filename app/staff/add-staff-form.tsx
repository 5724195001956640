'use client';

import { useActionState } from 'react';
import { Button } from '@/components/ui/button';
import { Field, inputClass } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/message';
import { ROLES } from '@/lib/auth/roles';
import { addStaffAction } from './actions';

export function AddStaffForm() {
  const [state, formAction, pending] = useActionState(addStaffAction, null);
  const fieldErrors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <form action={formAction} className="max-w-xl space-y-3 rounded border border-slate-200 bg-white p-4">
      <h2 className="text-base font-semibold text-slate-800">Add a staff member</h2>
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-3">
        <Field id="email" label="Email" error={fieldErrors?.email}>
          <input name="email" id="email" type="email" required className={inputClass} />
        </Field>
        <Field id="name" label="Name" error={fieldErrors?.name}>
          <input name="name" id="name" className={inputClass} />
        </Field>
        <Field id="role" label="Role" error={fieldErrors?.role}>
          <select name="role" id="role" defaultValue="moderator" className={inputClass}>
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {role}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <Button type="submit" disabled={pending}>
        {pending ? 'Adding…' : 'Add member'}
      </Button>
      {state?.ok ? (
        <div role="status" className="space-y-1 rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950">
          <p>
            Added {state.data.email} as {state.data.role}. Their one-time password, shown only now:
          </p>
          <p>
            <code data-testid="initial-password" className="select-all rounded bg-white px-2 py-0.5 font-mono text-base">
              {state.data.initialPassword}
            </code>
          </p>
          <p>Pass it on privately. They must choose their own password when they first sign in.</p>
        </div>
      ) : (
        <FormMessage error={state?.error} />
      )}
    </form>
  );
}
