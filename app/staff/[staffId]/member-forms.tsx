'use client';

import { useActionState } from 'react';
import { Button } from '@/components/ui/button';
import { ActionForm } from '@/components/ui/form';
import { Field, inputClass, textareaClass } from '@/components/ui/field';
import { FormMessage, SuccessNote } from '@/components/ui/message';
import { ROLES, type Role } from '@/lib/auth/roles';
import { changeRoleAction, disableStaffAction, enableStaffAction, resetPasswordAction, revokeSessionAction } from '../actions';

/** Change a member's role, with the reason the audit log keeps. */
export function ChangeRoleForm({ staffId, role }: { staffId: string; role: Role }) {
  return (
    <ActionForm action={changeRoleAction} label="Change role" submitLabel="Change role" successText="Role changed; their sessions have ended." keepValues>
      <input type="hidden" name="staffId" value={staffId} />
      <Field id="role" label="New role">
        <select id="role" name="role" defaultValue={role} className={inputClass}>
          {ROLES.map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
      </Field>
      <Field id="role-reason" label="Reason for the role change">
        <textarea id="role-reason" name="reason" rows={2} required className={textareaClass} />
      </Field>
    </ActionForm>
  );
}

/** Disable (with a reason) or enable a member. */
export function StatusForm({ staffId, active }: { staffId: string; active: boolean }) {
  return (
    <ActionForm
      action={active ? disableStaffAction : enableStaffAction}
      label={active ? 'Disable' : 'Enable'}
      submitLabel={active ? 'Disable member' : 'Enable member'}
      // The page re-renders with the new status (and the other action) at once; say what was done.
      done={(data) => <SuccessNote>{data.active ? `Enabled ${data.email}: they can sign in again.` : `Disabled ${data.email}: their sessions have ended.`}</SuccessNote>}
    >
      <input type="hidden" name="staffId" value={staffId} />
      <Field id="status-reason" label={active ? 'Reason for disabling' : 'Reason for enabling (optional)'}>
        <textarea id="status-reason" name="reason" rows={2} required={active} className={textareaClass} />
      </Field>
    </ActionForm>
  );
}

/** A new one-time password for a member who lost theirs, shown once. */
export function ResetPasswordForm({ staffId }: { staffId: string }) {
  const [state, formAction, pending] = useActionState(resetPasswordAction, null);
  return (
    <form action={formAction} className="space-y-2" aria-label="Reset password">
      <input type="hidden" name="staffId" value={staffId} />
      <Button type="submit" variant="secondary" disabled={pending}>
        Reset password
      </Button>
      {state?.ok ? (
        <p role="status" className="text-sm text-amber-950">
          One-time password for {state.data.email}, shown only now:{' '}
          <code data-testid="reset-password" className="select-all rounded bg-amber-50 px-1 font-mono">
            {state.data.initialPassword}
          </code>
        </p>
      ) : (
        <FormMessage error={state && !state.ok ? state.error : undefined} />
      )}
    </form>
  );
}

/** Ends one session now (the member's other sessions go on). */
export function RevokeSessionButton({ staffId, sessionId, label }: { staffId: string; sessionId: string; label: string }) {
  const [state, formAction, pending] = useActionState(revokeSessionAction, null);
  return (
    <form action={formAction} className="flex items-center gap-2">
      <input type="hidden" name="staffId" value={staffId} />
      <input type="hidden" name="sessionId" value={sessionId} />
      <Button type="submit" variant="danger" disabled={pending} aria-label={label}>
        Revoke
      </Button>
      {state && !state.ok ? (
        <span role="alert" className="text-xs text-red-700">
          {state.error}
        </span>
      ) : null}
    </form>
  );
}
