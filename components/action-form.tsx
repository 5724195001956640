'use client';

import { startTransition, useActionState, useEffect, useRef, type FormEvent, type ReactNode } from 'react';
import type { ActionResult } from '@/server/guard';

type GuardedAction = (state: never, formData: FormData) => Promise<ActionResult<unknown>>;

function humanize(field: string): string {
  const words = field.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_.:]/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * A form posting to a guarded server action (server/guard.ts guardedAction). It keeps what was
 * typed when the server refuses (React would otherwise reset the form), shows the refusal and the
 * field errors, and clears itself after success unless `keepValues`.
 */
export function ActionForm({
  action,
  children,
  className,
  successText,
  keepValues = false,
  labels = {},
}: {
  action: GuardedAction;
  children: ReactNode;
  className?: string;
  successText?: string;
  keepValues?: boolean;
  labels?: Record<string, string>;
}) {
  const [state, dispatch, pending] = useActionState(action as (state: ActionResult<unknown> | null, formData: FormData) => Promise<ActionResult<unknown>>, null);
  const form = useRef<HTMLFormElement>(null);

  useEffect(() => {
    if (state?.ok && !keepValues) form.current?.reset();
  }, [state, keepValues]);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    const formData = new FormData(event.currentTarget, submitter);
    startTransition(() => dispatch(formData));
  }

  const fieldErrors = state && !state.ok ? Object.entries(state.fieldErrors ?? {}).flatMap(([field, messages]) => (messages ?? []).map((message) => ({ field, message }))) : [];
  return (
    <form ref={form} onSubmit={onSubmit} aria-busy={pending}>
      {/* The layout classes go on the fieldset, which holds the fields; the messages follow below. */}
      <fieldset disabled={pending} className={className}>
        {children}
      </fieldset>
      {state && !state.ok ? (
        <div role="alert" className="mt-2 rounded border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          <p>{state.error}</p>
          {fieldErrors.length > 0 ? (
            <ul className="mt-1 list-disc pl-5">
              {fieldErrors.map(({ field, message }) => {
                const label = labels[field] ?? humanize(field);
                const named = message.toLowerCase().startsWith(label.toLowerCase());
                return <li key={`${field}:${message}`}>{named ? message.charAt(0).toUpperCase() + message.slice(1) : `${label}: ${message}`}</li>;
              })}
            </ul>
          ) : null}
        </div>
      ) : null}
      {state?.ok && successText ? (
        <p role="status" className="mt-2 text-sm text-emerald-700">
          {successText}
        </p>
      ) : null}
    </form>
  );
}
