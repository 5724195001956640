import type { ReactNode } from 'react';

// Small shared pieces of the police, referral and transparency pages.

export const inputClass = 'mt-1 block w-full rounded border border-slate-300 px-2 py-1.5 text-sm focus:border-slate-500 focus:outline-none';
export const buttonClass = 'rounded bg-slate-800 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-700 disabled:opacity-60';
export const secondaryButtonClass = 'rounded border border-slate-300 bg-white px-3 py-1.5 text-sm text-slate-700 hover:bg-slate-100 disabled:opacity-60';

/** A labelled control; the hint sits outside the label so it does not become part of the field's name. */
export function Field({ label, children, hint }: { label: string; children: ReactNode; hint?: string }) {
  return (
    <div>
      <label className="block text-sm font-medium text-slate-700">
        {label}
        {children}
      </label>
      {hint ? <p className="mt-0.5 text-xs text-slate-500">{hint}</p> : null}
    </div>
  );
}

const STATUS_TONE: Record<string, string> = {
  received: 'bg-slate-100 text-slate-700',
  verifying: 'bg-sky-100 text-sky-800',
  legal_review: 'bg-indigo-100 text-indigo-800',
  needs_more_info: 'bg-amber-100 text-amber-800',
  approved: 'bg-emerald-100 text-emerald-800',
  partially_approved: 'bg-emerald-100 text-emerald-800',
  rejected: 'bg-red-100 text-red-800',
  disclosed: 'bg-teal-100 text-teal-800',
  closed: 'bg-slate-200 text-slate-700',
  withdrawn: 'bg-slate-200 text-slate-700',
  open: 'bg-amber-100 text-amber-800',
  reported: 'bg-teal-100 text-teal-800',
  draft: 'bg-slate-100 text-slate-700',
  released: 'bg-teal-100 text-teal-800',
  active: 'bg-amber-100 text-amber-800',
  expired: 'bg-slate-200 text-slate-700',
};

export function StatusPill({ status }: { status: string }) {
  return (
    <span data-testid="status" className={`inline-block rounded px-2 py-0.5 text-xs font-medium ${STATUS_TONE[status] ?? 'bg-slate-100 text-slate-700'}`}>
      {status.replaceAll('_', ' ')}
    </span>
  );
}
