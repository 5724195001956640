'use client';

import type { ActionResult } from '@/server/guard';
import { ActionForm } from '@/components/ui/form';

type CreateToken = (previous: ActionResult<{ name: string; secret: string }> | null, formData: FormData) => Promise<ActionResult<{ name: string; secret: string }>>;

/** Creates a token and shows its secret once; only its hash is kept. */
export function NewTokenForm({ action }: { action: CreateToken }) {
  return (
    <ActionForm
      action={action}
      submitLabel="Create token"
      label="New token"
      done={(token) => (
        <div className="rounded border border-amber-300 bg-amber-50 p-3 text-sm">
          <p>
            Token for <strong>{token.name}</strong>. Copy it now: it will not be shown again.
          </p>
          <code className="mt-1 block break-all font-mono text-xs" data-testid="new-token">
            {token.secret}
          </code>
        </div>
      )}
    >
      <div className="flex flex-wrap gap-2">
        <input name="name" placeholder="Integration name, e.g. chat app production" aria-label="Name" className="w-80 rounded border border-slate-300 px-2 py-1 text-sm" />
        <input name="ratePerMinute" type="number" defaultValue={600} aria-label="Reports per minute" className="w-32 rounded border border-slate-300 px-2 py-1 text-sm" />
      </div>
    </ActionForm>
  );
}
