'use client';

import type { ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import { Choice, Field, textareaClass } from '@/components/ui/field';
import { ActionForm } from '@/components/ui/form';
import type { ActionResult } from '@/server/guard';
import { PROTECTIVE_ACTION_LABELS, PROTECTIVE_ACTION_ORDER } from './protective-actions';

type Done = { decisionId: string; children: string[]; events: number };

/**
 * The children's side's one decision: protective actions for all the children an adult reached or
 * the ones ticked in the table (`children`, whose checkboxes are named `childIds`).
 */
export function ProtectChildrenForm({
  action,
  adultId,
  total,
  children,
}: {
  action: (previous: ActionResult<Done> | null, formData: FormData) => Promise<ActionResult<Done>>;
  adultId: string;
  total: number;
  children: ReactNode;
}) {
  return (
    <ActionForm
      action={action}
      label="Protect the children"
      className="space-y-3"
      labels={{ childIds: 'Children', actions: 'Protective actions', reason: 'Reason' }}
      done={(data) => (
        <p role="status" className="rounded border border-emerald-300 bg-emerald-50 px-3 py-2 text-sm text-emerald-900" data-testid="protection-done">
          One decision for {data.children.length} {data.children.length === 1 ? 'child' : 'children'}: {data.events} {data.events === 1 ? 'event' : 'events'} for the chat app
          (decision <span className="font-mono">{data.decisionId}</span>).
        </p>
      )}
    >
      <input type="hidden" name="adultId" value={adultId} />
      {children}
      <fieldset className="space-y-1">
        <legend className="text-sm font-medium text-slate-800">Which children</legend>
        <Choice type="radio" name="scope" value="selected" defaultChecked>
          Only the children ticked above
        </Choice>
        <br />
        <Choice type="radio" name="scope" value="all">
          All {total} children this account reached
        </Choice>
      </fieldset>
      <fieldset className="space-y-1">
        <legend className="text-sm font-medium text-slate-800">Protective actions</legend>
        {PROTECTIVE_ACTION_ORDER.map((value) => (
          <div key={value}>
            <Choice type="checkbox" name="actions" value={value}>
              {PROTECTIVE_ACTION_LABELS[value].long}
            </Choice>
          </div>
        ))}
      </fieldset>
      <Field label="Reason" hint="Recorded in the audit log with the decision.">
        <textarea name="reason" rows={2} className={textareaClass} required />
      </Field>
      <div>
        <Button type="submit">Protect the children</Button>
      </div>
    </ActionForm>
  );
}
