'use client';

import { useActionState, useRef } from 'react';
import { useHotkeys } from 'react-hotkeys-hook';
import { Button } from '@/components/ui/button';
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
      {/* The key hint is hidden from the accessible name ("Start reviewing", not "Start reviewings"); aria-keyshortcuts announces it. */}
      <Button type="submit" disabled={pending} aria-keyshortcuts="s">
        {pending ? 'Claiming…' : 'Start reviewing'}
        <kbd aria-hidden="true" className="ml-2 rounded border border-slate-500 px-1 text-xs text-slate-200">
          s
        </kbd>
      </Button>
    </form>
  );
}
