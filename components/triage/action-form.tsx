'use client';

import { useActionState, type ReactNode } from 'react';
import type { ActionResult } from '@/server/guard';

type FormAction<T> = (previous: ActionResult<T> | null, formData: FormData) => Promise<ActionResult<T>>;

/**
 * A form posting to a guarded server action: shows the refusal and each field's problem, and on
 * success whatever `done` renders (e.g. a token shown once).
 */
export function ActionForm<T>({
  action,
  children,
  submitLabel,
  done,
  className = 'space-y-2',
  label,
}: {
  action: FormAction<T>;
  children: ReactNode;
  submitLabel: string;
  done?: (data: T) => ReactNode;
  className?: string;
  label?: string;
}) {
  const [state, formAction, pending] = useActionState(action, null);
  return (
    <form action={formAction} className={className} aria-label={label}>
      {children}
      <div className="flex items-center gap-3">
        <button type="submit" disabled={pending} className="rounded bg-slate-800 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-700 disabled:opacity-60">
          {pending ? 'Saving…' : submitLabel}
        </button>
        {state?.ok ? <span className="text-sm text-emerald-700">Saved.</span> : null}
      </div>
      {state && !state.ok ? (
        <div role="alert" className="text-sm text-red-700">
          <p>{state.error}</p>
          {Object.entries(state.fieldErrors ?? {}).map(([field, messages]) => (
            <p key={field}>
              {field}: {messages?.join(' ')}
            </p>
          ))}
        </div>
      ) : null}
      {state?.ok && done ? done(state.data) : null}
    </form>
  );
}
