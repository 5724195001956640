'use client';

import { startTransition, useActionState, useEffect, useRef, type FormEvent, type ReactNode } from 'react';
import type { ActionResult } from '@/server/guard';
import { Button } from './button';
import { ErrorBox, SuccessNote } from './message';

type GuardedAction<T> = (previous: ActionResult<T> | null, formData: FormData) => Promise<ActionResult<T>>;

function humanize(field: string): string {
  const words = field.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_.:]/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** "Reason: is required", unless the message already starts with the field's name. */
function fieldMessage(field: string, message: string, labels: Record<string, string>): string {
  const label = labels[field] ?? humanize(field);
  return message.toLowerCase().startsWith(label.toLowerCase()) ? message.charAt(0).toUpperCase() + message.slice(1) : `${label}: ${message}`;
}

/**
 * The one form for a guarded server action (server/guard.ts `guardedAction`). It keeps what was typed
 * when the server refuses (React would otherwise reset the form), shows the refusal with each field's
 * problem, and after success shows `successText` and `done(data)` and clears itself unless `keepValues`.
 * With `submitLabel` it draws its own submit button; otherwise put buttons among the children.
 */
export function ActionForm<T>({
  action,
  children,
  className = 'space-y-2',
  label,
  submitLabel,
  successText,
  done,
  keepValues = false,
  labels = {},
}: {
  action: GuardedAction<T>;
  children: ReactNode;
  className?: string;
  /** The form's accessible name, when a page holds several similar forms. */
  label?: string;
  submitLabel?: string;
  successText?: string;
  done?: (data: T) => ReactNode;
  keepValues?: boolean;
  /** Names to use for fields in error messages, when the field's own name would read badly. */
  labels?: Record<string, string>;
}) {
  const [state, dispatch, pending] = useActionState(action, null);
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
    <form ref={form} onSubmit={onSubmit} aria-busy={pending} aria-label={label}>
      {/* The layout classes go on the fieldset, which holds the fields; the messages follow below. */}
      <fieldset disabled={pending} className={className}>
        {children}
        {submitLabel ? (
          <div>
            <Button type="submit">{pending ? 'Saving…' : submitLabel}</Button>
          </div>
        ) : null}
      </fieldset>
      {state && !state.ok ? (
        <ErrorBox className="mt-2">
          <p>{state.error}</p>
          {fieldErrors.length > 0 ? (
            <ul className="mt-1 list-disc pl-5">
              {fieldErrors.map(({ field, message }) => (
                <li key={`${field}:${message}`}>{fieldMessage(field, message, labels)}</li>
              ))}
            </ul>
          ) : null}
        </ErrorBox>
      ) : null}
      {state?.ok && successText ? <SuccessNote className="mt-2">{successText}</SuccessNote> : null}
      {state?.ok && done ? <div className="mt-2">{done(state.data)}</div> : null}
    </form>
  );
}
