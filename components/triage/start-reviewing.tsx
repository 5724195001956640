'use client';

import { useActionState, useRef } from 'react';
import { useHotkeys } from 'react-hotkeys-hook';
import type { ActionResult } from '@/server/guard';

type StartAction = (previous: ActionResult<never> | null, formData: FormData) => Promise<ActionResult<never>>;

/** The queue page's main button (and its `s` shortcut): claim the next item and open it. */
export function StartReviewing({ queue, action }: { queue: string; action: StartAction }) {
  const [state, formAction, pending] = useActionState(action, null);
  const form = useRef<HTMLFormElement>(null);
  useHotkeys('s', () => form.current?.requestSubmit(), { description: 'Start reviewing this queue' });
  return (
    <form ref={form} action={formAction} className="flex items-center gap-3">
      <input type="hidden" name="queue" value={queue} />
      {state && !state.ok ? (
        <p role="alert" className="text-sm text-amber-800">
          {state.error}
        </p>
      ) : null}
      <button
        type="submit"
        disabled={pending}
        className="rounded bg-slate-800 px-4 py-2 text-sm font-medium text-white hover:bg-slate-700 disabled:opacity-60"
      >
        {pending ? 'Claiming…' : 'Start reviewing'}
        <kbd className="ml-2 rounded border border-slate-500 px-1 text-xs text-slate-300">s</kbd>
      </button>
    </form>
  );
}
