'use client';

import { useActionState } from 'react';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/message';
import { verifyChainAction } from './actions';

export function VerifyChainButton() {
  const [state, formAction, pending] = useActionState(verifyChainAction, null);
  return (
    <form action={formAction} className="flex flex-wrap items-center gap-3">
      <Button type="submit" variant="secondary" disabled={pending}>
        {pending ? 'Verifying…' : 'Verify chain'}
      </Button>
      {state?.ok &&
        (state.data.ok ? (
          <FormMessage success={state.data.summary} />
        ) : (
          <FormMessage error={state.data.summary} />
        ))}
      {state && !state.ok && <FormMessage error={state.error} />}
    </form>
  );
}
