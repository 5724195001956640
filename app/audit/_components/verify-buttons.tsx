'use client';

import { useActionState } from 'react';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/message';
import { verifyChainAction } from '../actions';

/** The two ways to check the chain now; the status above them shows the outcome once recorded. */
export function VerifyButtons() {
  const [state, formAction, pending] = useActionState(verifyChainAction, null);
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-2">
        <form action={formAction}>
          <input type="hidden" name="mode" value="incremental" />
          <Button type="submit" variant="secondary" disabled={pending}>
            {pending ? 'Verifying…' : 'Verify new entries'}
          </Button>
        </form>
        <form action={formAction}>
          <input type="hidden" name="mode" value="full" />
          <Button type="submit" variant="secondary" disabled={pending}>
            Verify from the start
          </Button>
        </form>
      </div>
      {state?.ok ? state.data.ok ? <FormMessage success={state.data.summary} /> : <FormMessage error={state.data.summary} /> : null}
      {state && !state.ok ? <FormMessage error={state.error} /> : null}
    </div>
  );
}
