import type { ReactNode } from 'react';

/** Every tone passes WCAG AA contrast for its small text. */
const TONES = {
  neutral: 'bg-slate-100 text-slate-800',
  muted: 'bg-slate-200 text-slate-800',
  info: 'bg-sky-100 text-sky-900',
  calm: 'bg-teal-100 text-teal-900',
  indigo: 'bg-indigo-100 text-indigo-900',
  warning: 'bg-amber-100 text-amber-900',
  success: 'bg-emerald-100 text-emerald-900',
  danger: 'bg-red-100 text-red-900',
  childSafety: 'bg-rose-100 text-rose-900',
  alarm: 'bg-red-700 font-semibold text-white',
} as const;

export type Tone = keyof typeof TONES;

/**
 * A small label beside other text. It starts with a real space, so "Child safety" after a name is
 * not read as one run-together word ("older_friend_1Child safety"); give it no left margin.
 */
export function Pill({ tone = 'neutral', children, className = '', testId }: { tone?: Tone; children: ReactNode; className?: string; testId?: string }) {
  return (
    <>
      {' '}
      <span data-testid={testId} className={`pill ${TONES[tone]}${className ? ` ${className}` : ''}`}>
        {children}
      </span>
    </>
  );
}

const STATUS_TONE: Record<string, Tone> = {
  received: 'neutral',
  verifying: 'info',
  legal_review: 'indigo',
  needs_more_info: 'warning',
  approved: 'success',
  partially_approved: 'success',
  rejected: 'danger',
  disclosed: 'calm',
  closed: 'muted',
  withdrawn: 'muted',
  open: 'warning',
  reported: 'calm',
  draft: 'neutral',
  released: 'calm',
  active: 'warning',
  expired: 'muted',
};

/** A workflow status (police requests, referrals, holds, packages) as a coloured pill. */
export function StatusPill({ status }: { status: string }) {
  return (
    <Pill tone={STATUS_TONE[status] ?? 'neutral'} testId="status">
      {status.replaceAll('_', ' ')}
    </Pill>
  );
}
