'use client';

import { useActionState } from 'react';
import { Button } from '@/components/ui/button';
import { inputClass } from '@/components/ui/field';
import { ROLES, type Role } from '@/lib/auth/roles';
import { changeRoleAction, disableStaffAction, enableStaffAction, resetPasswordAction } from './actions';

/** Change role, disable or enable one member, or reset their password; each is a separate audited action. */
export function StaffRowActions({ staffId, email, role, active, isSelf }: { staffId: string; email: string; role: Role; active: boolean; isSelf: boolean }) {
  const [roleState, roleAction, rolePending] = useActionState(changeRoleAction, null);
  const [statusState, statusAction, statusPending] = useActionState(active ? disableStaffAction : enableStaffAction, null);
  const [resetState, resetAction, resetPending] = useActionState(resetPasswordAction, null);
  const error =
    (roleState && !roleState.ok && roleState.error) ||
    (statusState && !statusState.ok && statusState.error) ||
    (resetState && !resetState.ok && resetState.error);
  return (
    <div className="flex flex-wrap items-center gap-2">
      <form action={roleAction} className="flex items-center gap-2">
        <input type="hidden" name="staffId" value={staffId} />
        <select name="role" defaultValue={role} aria-label={`Role for ${email}`} className={`${inputClass} w-32`}>
          {ROLES.map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
        <Button type="submit" variant="secondary" disabled={rolePending}>
          Change role
        </Button>
      </form>
      {!isSelf && (
        <form action={statusAction}>
          <input type="hidden" name="staffId" value={staffId} />
          <Button type="submit" variant={active ? 'danger' : 'secondary'} disabled={statusPending} aria-label={`${active ? 'Disable' : 'Enable'} ${email}`}>
            {active ? 'Disable' : 'Enable'}
          </Button>
        </form>
      )}
      {!isSelf && (
        <form action={resetAction}>
          <input type="hidden" name="staffId" value={staffId} />
          <Button type="submit" variant="secondary" disabled={resetPending} aria-label={`Reset password of ${email}`}>
            Reset password
          </Button>
        </form>
      )}
      {resetState?.ok && (
        <p role="status" className="w-full text-xs text-amber-950">
          One-time password for {resetState.data.email}, shown only now:{' '}
          <code data-testid="reset-password" className="select-all rounded bg-amber-50 px-1 font-mono text-sm">
            {resetState.data.initialPassword}
          </code>
        </p>
      )}
      {error && (
        <p role="alert" className="w-full text-xs text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
