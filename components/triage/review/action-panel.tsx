'use client';

import type { Ref } from 'react';
import { ACCOUNT_ACTIONS, ESCALATION_TARGETS, type AccountAction, type EscalationTarget } from '@/lib/triage/contract';
import { ACCOUNT_ACTION_LABELS, ESCALATION_LABELS } from '../labels';
import type { TemplateOption } from '../labels';

export type Panel = 'dismiss' | 'resolve' | 'escalate' | 'comment';

const TITLES: Record<Panel, string> = {
  dismiss: 'Dismiss: no action on the account',
  resolve: 'Resolve with an account action',
  escalate: 'Escalate',
  comment: 'Comment',
};

/** The open action's form: template, reason or note, the account action or escalation target, "then next". */
export function ActionPanel({ ref, ...props }: {
  ref: Ref<HTMLDivElement>;
  panel: Panel;
  templates: TemplateOption[];
  templateId: string;
  onTemplate: (id: string) => void;
  text: string;
  onText: (text: string) => void;
  accountAction: AccountAction | null;
  onAccountAction: (action: AccountAction) => void;
  escalateTo: EscalationTarget;
  onEscalateTo: (target: EscalationTarget) => void;
  andNext: boolean;
  onAndNext: (andNext: boolean) => void;
  queueName: string;
  pending: boolean;
  onSubmit: () => void;
  onCancel: () => void;
}) {
  const { panel } = props;
  const templates = props.templates.filter((template) => template.action === panel);
  const decisive = panel !== 'comment';
  return (
    <div
      ref={ref}
      tabIndex={-1}
      role="group"
      aria-label={TITLES[panel]}
      className="mt-3 space-y-3 rounded border border-slate-300 bg-slate-50 p-3 outline-none focus:ring-2 focus:ring-sky-300"
    >
      <h2 className="text-sm font-semibold">{TITLES[panel]}</h2>
      {panel === 'resolve' ? (
        <fieldset className="flex flex-wrap gap-3 text-sm">
          <legend className="mb-1 text-xs text-slate-600">Account action (keys 1–5)</legend>
          {ACCOUNT_ACTIONS.map((action, index) => (
            <label key={action} className="flex items-center gap-1">
              <input type="radio" name="accountAction" checked={props.accountAction === action} onChange={() => props.onAccountAction(action)} />
              {ACCOUNT_ACTION_LABELS[action]} <kbd className="text-xs text-slate-600">{index + 1}</kbd>
            </label>
          ))}
        </fieldset>
      ) : null}
      {panel === 'escalate' ? (
        <fieldset className="flex gap-4 text-sm">
          <legend className="mb-1 text-xs text-slate-600">Send to (s / l)</legend>
          {ESCALATION_TARGETS.map((target) => (
            <label key={target} className="flex items-center gap-1">
              <input type="radio" name="escalateTo" checked={props.escalateTo === target} onChange={() => props.onEscalateTo(target)} />
              {ESCALATION_LABELS[target]}
            </label>
          ))}
        </fieldset>
      ) : null}
      {templates.length ? (
        <label className="flex flex-col gap-1 text-sm">
          <span className="text-xs text-slate-600">Template</span>
          <select value={props.templateId} onChange={(event) => props.onTemplate(event.target.value)} className="rounded border border-slate-300 px-2 py-1">
            <option value="">Write my own</option>
            {templates.map((template) => (
              <option key={template.id} value={template.id}>
                {template.name}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <label className="flex flex-col gap-1 text-sm">
        <span className="text-xs text-slate-600">{panel === 'comment' ? 'Note' : 'Reason (required; the account holder may be told)'}</span>
        <textarea
          value={props.text}
          onChange={(event) => props.onText(event.target.value)}
          rows={3}
          autoFocus={panel === 'dismiss' || panel === 'comment'}
          className="rounded border border-slate-300 px-2 py-1"
        />
      </label>
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <button
          type="button"
          disabled={props.pending}
          onClick={props.onSubmit}
          className="rounded bg-slate-800 px-3 py-1.5 font-medium text-white hover:bg-slate-700 disabled:opacity-60"
        >
          {props.pending ? 'Saving…' : decisive && props.andNext ? 'Submit and next' : 'Submit'}{' '}
          <kbd className="ml-1 rounded border border-slate-500 px-1 text-xs text-slate-300">Ctrl Enter</kbd>
        </button>
        {decisive ? (
          <label className="flex items-center gap-1">
            <input type="checkbox" checked={props.andNext} onChange={(event) => props.onAndNext(event.target.checked)} />
            then open the next item in {props.queueName}
          </label>
        ) : null}
        <button type="button" onClick={props.onCancel} className="text-slate-600 hover:underline">
          Cancel (Esc)
        </button>
      </div>
    </div>
  );
}
