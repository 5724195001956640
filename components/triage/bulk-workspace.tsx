'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { ACCOUNT_ACTIONS, type AccountAction } from '@/lib/triage/contract';
import type { BulkPreviewRow, BulkSelection } from '@/lib/triage/bulk';
import type { ActionResult } from '@/server/guard';
import { DataTable } from '@/components/ui/data-table';
import { ErrorBox } from '@/components/ui/message';
import { ACCOUNT_ACTION_LABELS, CATEGORY_LABELS, STATUS_LABELS, type TemplateOption } from './labels';

type Selection = BulkSelection;
type Decision = { action: 'acknowledge' | 'dismiss' | 'resolve'; accountAction?: AccountAction; reason: string };
type PreviewFn = (input: Decision & { selection: Selection }) => Promise<ActionResult<{ rows: BulkPreviewRow[]; applicable: number }>>;
type ApplyFn = (
  input: Decision & { selection: Selection; items: { id: string; version: number }[] },
) => Promise<ActionResult<{ batchId: string; applied: number; skipped: { id: string; reason: string }[]; auditSeq: number }>>;

/**
 * Choose the action → Preview (nothing changes) → Confirm (one batch) → the batch id and its audit entry.
 * `description` states in words exactly what the selection holds; templates keep their placeholders,
 * filled per item on the server.
 */
export function BulkWorkspace({
  selection,
  description,
  templates,
  previewAction,
  applyAction,
}: {
  selection: Selection;
  description: string;
  templates: TemplateOption[];
  previewAction: PreviewFn;
  applyAction: ApplyFn;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [decision, setDecision] = useState<Decision>({ action: 'dismiss', reason: '' });
  const [preview, setPreview] = useState<{ rows: BulkPreviewRow[]; applicable: number } | null>(null);
  const [applied, setApplied] = useState<{ batchId: string; applied: number; skipped: { id: string; reason: string }[]; auditSeq: number } | null>(null);
  const [error, setError] = useState<string | null>(null);

  function change(next: Partial<Decision>) {
    setDecision((current) => ({ ...current, ...next }));
    setPreview(null);
  }

  function failure(outcome: { error: string; fieldErrors?: Record<string, string[] | undefined> }) {
    setError([outcome.error, ...Object.values(outcome.fieldErrors ?? {}).flatMap((messages) => messages ?? [])].join(' '));
  }


  return (
    <div className="space-y-4">
      <section aria-label="Bulk action" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4 text-sm">
        <p data-testid="bulk-target">
          Acting on <strong>{description}</strong> (at most 1000 items).
        </p>
        <div className="flex flex-wrap gap-4">
          {(['dismiss', 'acknowledge', 'resolve'] as const).map((action) => (
            <label key={action} className="flex items-center gap-1">
              <input type="radio" name="bulk-action" checked={decision.action === action} onChange={() => change({ action })} />
              {action[0]!.toUpperCase() + action.slice(1)}
            </label>
          ))}
          {decision.action === 'resolve' ? (
            <label className="flex items-center gap-2">
              Account action
              <select
                value={decision.accountAction ?? ''}
                onChange={(event) => change({ accountAction: (event.target.value || undefined) as AccountAction | undefined })}
                className="rounded border border-slate-300 px-2 py-1"
              >
                <option value="">Choose…</option>
                {ACCOUNT_ACTIONS.map((action) => (
                  <option key={action} value={action}>
                    {ACCOUNT_ACTION_LABELS[action]}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
        </div>
        {decision.action !== 'acknowledge' ? (
          <>
            <label className="flex flex-col gap-1">
              <span className="text-xs text-slate-600">Template</span>
              <select
                defaultValue=""
                onChange={(event) => {
                  const template = templates.find((candidate) => candidate.id === event.target.value);
                  if (template) change({ reason: template.rendered, ...(template.accountAction ? { accountAction: template.accountAction } : {}) });
                }}
                className="w-80 rounded border border-slate-300 px-2 py-1"
              >
                <option value="">Write my own</option>
                {templates
                  .filter((template) => template.action === decision.action)
                  .map((template) => (
                    <option key={template.id} value={template.id}>
                      {template.name}
                    </option>
                  ))}
              </select>
            </label>
            <label className="flex flex-col gap-1">
              <span className="text-xs text-slate-600">Reason (placeholders such as {'{username}'} are filled for each item)</span>
              <textarea value={decision.reason} onChange={(event) => change({ reason: event.target.value })} rows={2} className="rounded border border-slate-300 px-2 py-1" />
            </label>
          </>
        ) : null}
        <button
          type="button"
          disabled={pending}
          onClick={() =>
            startTransition(async () => {
              setError(null);
              setApplied(null);
              const outcome = await previewAction({ ...decision, selection });
              if (outcome.ok) setPreview(outcome.data);
              else failure(outcome);
            })
          }
          className="rounded border border-slate-800 px-3 py-1.5 font-medium hover:bg-slate-100 disabled:opacity-60"
        >
          Preview
        </button>
      </section>

      {error ? (
        <ErrorBox>{error}</ErrorBox>
      ) : null}

      {preview && !applied ? (
        <section aria-label="Preview" className="space-y-3 rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm">
          <p data-testid="preview-summary">
            {decision.action[0]!.toUpperCase() + decision.action.slice(1)} will apply to <strong>{preview.applicable}</strong> of {preview.rows.length} items;{' '}
            {preview.rows.length - preview.applicable} will be skipped.
          </p>
          <div className="bg-white">
            <DataTable
              label="Items in this batch"
              rows={preview.rows}
              rowKey={(row) => row.id}
              rowProps={() => ({ 'data-testid': 'preview-row' })}
              columns={[
                { header: 'Account', cell: (row) => row.username ?? row.reportedId },
                { header: 'Reports', align: 'right', cell: (row) => row.reportCount },
                { header: 'Categories', cell: (row) => row.categories.map((category) => CATEGORY_LABELS[category]).join(', ') },
                { header: 'Now', cell: (row) => STATUS_LABELS[row.status] },
                ...(decision.action !== 'acknowledge' ? [{ header: 'Reason recorded', cell: (row: BulkPreviewRow) => <span className="text-xs text-slate-700">{row.reason}</span> }] : []),
                { header: 'Outcome', cell: (row) => (row.skipReason ? <span className="text-amber-900">Skipped: {row.skipReason}</span> : 'Will apply') },
              ]}
            />
          </div>
          <button
            type="button"
            disabled={pending || preview.applicable === 0}
            onClick={() =>
              startTransition(async () => {
                const items = preview.rows.filter((row) => !row.skipReason).map((row) => ({ id: row.id, version: row.version }));
                const outcome = await applyAction({ ...decision, selection, items });
                if (!outcome.ok) return failure(outcome);
                setApplied(outcome.data);
                router.refresh();
              })
            }
            className="rounded bg-slate-800 px-3 py-1.5 font-medium text-white hover:bg-slate-700 disabled:opacity-60"
          >
            Confirm: {decision.action} {preview.applicable} items
          </button>
        </section>
      ) : null}

      {applied ? (
        <section aria-label="Batch applied" className="rounded-lg border border-emerald-300 bg-emerald-50 p-4 text-sm" data-testid="batch-result">
          <p>
            Batch <span className="font-mono">{applied.batchId}</span> applied to {applied.applied} items; recorded as audit entry #{applied.auditSeq}.
          </p>
          {applied.skipped.length ? (
            <ul className="mt-2 list-disc pl-5">
              {applied.skipped.map((skip) => (
                <li key={skip.id}>
                  <span className="font-mono text-xs">{skip.id}</span> skipped: {skip.reason}
                </li>
              ))}
            </ul>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
