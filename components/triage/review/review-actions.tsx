'use client';

import { useRouter } from 'next/navigation';
import { useRef, useState, useTransition } from 'react';
import { useHotkeys } from 'react-hotkeys-hook';
import { ACCOUNT_ACTIONS, type AccountAction, type EscalationTarget, type ItemStatus } from '@/lib/triage/contract';
import type { ReviewActionInput } from '@/lib/triage/actions';
import type { ActionResult } from '@/server/guard';
import { ErrorBox } from '@/components/ui/message';
import type { TemplateOption } from '../labels';
import { ActionPanel, type Panel } from './action-panel';

type Submission = {
  input: ReviewActionInput;
  andNext: boolean;
  continueIn: string;
};
type ReviewActionFn = (submission: Submission) => Promise<ActionResult<{ nextItemId: string | null }>>;
type ReleaseActionFn = (input: { itemId: string }) => Promise<ActionResult<unknown>>;

const PANEL_KEYS = { d: 'dismiss', r: 'resolve', e: 'escalate', c: 'comment' } as const satisfies Record<string, Panel>;

/**
 * The review page's actions, all reachable from the keyboard: a acknowledge, d dismiss, r resolve
 * (1–5 picks the account action), e escalate (s senior review, l liaison), c comment, Ctrl-Enter
 * submits (and opens the next item when "then next" is ticked), Esc closes the panel.
 */
export function ReviewActions(props: {
  itemId: string;
  version: number;
  status: ItemStatus;
  queueId: string;
  queueName: string;
  heldByMe: boolean;
  heldByOther: string | null;
  templates: TemplateOption[];
  reviewAction: ReviewActionFn;
  releaseAction: ReleaseActionFn;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [panel, setPanel] = useState<Panel | null>(null);
  const [accountAction, setAccountAction] = useState<AccountAction | null>(null);
  const [escalateTo, setEscalateTo] = useState<EscalationTarget>('senior_review');
  const [templateId, setTemplateId] = useState<string>('');
  const [text, setText] = useState('');
  const [andNext, setAndNext] = useState(true);
  const [error, setError] = useState<{ message: string; fields?: string[] } | null>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const disabled = pending || props.heldByOther !== null;

  function open(next: Panel) {
    setPanel(next);
    setError(null);
    setTemplateId('');
    setText(next === 'escalate' ? (firstTemplate('escalate')?.rendered ?? '') : '');
    if (next === 'escalate') setTemplateId(firstTemplate('escalate')?.id ?? '');
    setAccountAction(null);
    // Focus the panel, not a field, so the panel's single-key choices work at once.
    requestAnimationFrame(() => panelRef.current?.focus());
  }

  function firstTemplate(action: string, kind?: AccountAction) {
    return props.templates.find((template) => template.action === action && (kind === undefined || template.accountAction === kind));
  }

  function chooseAccountAction(kind: AccountAction) {
    setAccountAction(kind);
    const template = firstTemplate('resolve', kind);
    // Fill the reason from the matching template unless the moderator already wrote their own.
    const current = props.templates.find((candidate) => candidate.id === templateId);
    if (template && (!text || current?.rendered === text)) {
      setTemplateId(template.id);
      setText(template.rendered);
    }
  }

  function chooseTemplate(id: string) {
    setTemplateId(id);
    const template = props.templates.find((candidate) => candidate.id === id);
    if (!template) return;
    setText(template.rendered);
    if (template.accountAction) setAccountAction(template.accountAction);
  }

  function inputFor(action: 'acknowledge' | Panel): ReviewActionInput | string {
    const base = { itemId: props.itemId, version: props.version, ...(templateId ? { templateId } : {}) };
    if (action === 'acknowledge') return { action, ...base };
    if (action === 'comment') return { action, ...base, note: text };
    if (action === 'dismiss') return { action, ...base, reason: text };
    if (action === 'escalate') return { action, ...base, escalateTo, reason: text };
    return accountAction ? { action, ...base, accountAction, reason: text } : 'Choose the account action first (keys 1–5).';
  }

  function submit(action: 'acknowledge' | Panel) {
    const input = inputFor(action);
    if (typeof input === 'string') {
      setError({ message: input });
      return;
    }
    const decisive = action === 'dismiss' || action === 'resolve' || action === 'escalate';
    startTransition(async () => {
      const outcome = await props.reviewAction({ input, andNext: decisive && andNext, continueIn: props.queueId });
      if (!outcome.ok) {
        setError({ message: outcome.error, fields: Object.values(outcome.fieldErrors ?? {}).flatMap((messages) => messages ?? []) });
        return;
      }
      if (decisive && andNext) {
        router.push(outcome.data.nextItemId ? `/review/${outcome.data.nextItemId}` : `/queues?queue=${props.queueId}`);
      } else {
        setPanel(null);
        router.refresh();
      }
    });
  }

  const noPanel = { enabled: panel === null && !disabled };
  useHotkeys('a', () => submit('acknowledge'), { ...noPanel, enabled: noPanel.enabled && props.status !== 'in_review', description: 'Acknowledge' });
  useHotkeys('d', () => open(PANEL_KEYS.d), { ...noPanel, description: 'Dismiss (with a reason)' });
  useHotkeys('r', () => open(PANEL_KEYS.r), { ...noPanel, description: 'Resolve with an account action' });
  useHotkeys('e', () => open(PANEL_KEYS.e), { ...noPanel, description: 'Escalate to senior review or liaison' });
  useHotkeys('c', () => open(PANEL_KEYS.c), { ...noPanel, description: 'Comment (a note on the account)' });
  useHotkeys('1, 2, 3, 4, 5', (event) => chooseAccountAction(ACCOUNT_ACTIONS[Number(event.key) - 1]!), {
    enabled: panel === 'resolve',
    description: 'In Resolve: 1 warn · 2 restrict · 3 suspend · 4 ban · 5 reinstate',
  });
  useHotkeys('s, l', (event) => setEscalateTo(event.key === 's' ? 'senior_review' : 'liaison'), {
    enabled: panel === 'escalate',
    description: 'In Escalate: s senior review · l liaison',
  });
  useHotkeys('mod+enter', () => panel && submit(panel), {
    enabled: panel !== null && !disabled,
    enableOnFormTags: true,
    preventDefault: true,
    description: 'Submit (and open the next item)',
  });
  useHotkeys('escape', () => setPanel(null), { enabled: panel !== null, enableOnFormTags: true, description: 'Close the panel' });

  const buttons: { key: string; label: string; action: 'acknowledge' | Panel; hidden?: boolean }[] = [
    { key: 'a', label: 'Acknowledge', action: 'acknowledge', hidden: props.status === 'in_review' },
    { key: 'd', label: 'Dismiss', action: 'dismiss' },
    { key: 'r', label: 'Resolve', action: 'resolve' },
    { key: 'e', label: 'Escalate', action: 'escalate' },
    { key: 'c', label: 'Comment', action: 'comment' },
  ];

  return (
    <section aria-label="Actions" className="rounded-lg border border-slate-200 bg-white p-3">
      {props.heldByOther ? (
        <p className="mb-2 text-sm text-amber-800">Held by {props.heldByOther}: you can read this item, but not act on it.</p>
      ) : null}
      <div className="flex flex-wrap items-center gap-2">
        {buttons
          .filter((button) => !button.hidden)
          .map((button) => (
            <button
              key={button.key}
              type="button"
              disabled={disabled}
              aria-pressed={panel === button.action}
              onClick={() => (button.action === 'acknowledge' ? submit('acknowledge') : open(button.action))}
              className="rounded border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100 disabled:opacity-50 aria-pressed:border-slate-800 aria-pressed:bg-slate-100"
            >
              {button.label} <kbd className="ml-1 rounded border border-slate-300 px-1 text-xs text-slate-600">{button.key}</kbd>
            </button>
          ))}
        {props.heldByMe ? (
          <button
            type="button"
            disabled={pending}
            onClick={() =>
              startTransition(async () => {
                const outcome = await props.releaseAction({ itemId: props.itemId });
                if (outcome.ok) router.push(`/queues?queue=${props.queueId}`);
                else setError({ message: outcome.error });
              })
            }
            className="ml-auto text-sm text-slate-600 hover:underline"
          >
            Give back to the queue
          </button>
        ) : null}
        <span className="text-xs text-slate-600">Press ? for all shortcuts</span>
      </div>

      {panel ? (
        <ActionPanel
          ref={panelRef}
          panel={panel}
          templates={props.templates}
          templateId={templateId}
          onTemplate={chooseTemplate}
          text={text}
          onText={setText}
          accountAction={accountAction}
          onAccountAction={chooseAccountAction}
          escalateTo={escalateTo}
          onEscalateTo={setEscalateTo}
          andNext={andNext}
          onAndNext={setAndNext}
          queueName={props.queueName}
          pending={pending}
          onSubmit={() => submit(panel)}
          onCancel={() => setPanel(null)}
        />
      ) : null}

      {error ? (
        <ErrorBox className="mt-3">
          <p>{error.message}</p>
          {error.fields?.map((field) => <p key={field}>{field}</p>)}
          <button type="button" onClick={() => router.refresh()} className="mt-1 text-red-900 underline">
            Reload this item
          </button>
        </ErrorBox>
      ) : null}
    </section>
  );
}
