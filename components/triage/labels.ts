import type { ReportCategory } from '@/lib/platform/contract';
import type { AccountAction, EscalationTarget, ItemStatus } from '@/lib/triage/contract';

export const CATEGORY_LABELS: Record<ReportCategory, string> = {
  grooming: 'Grooming',
  sexual_content: 'Sexual content',
  age_misrepresentation: 'Age misrepresentation',
  harassment: 'Harassment',
  spam: 'Spam',
  self_harm: 'Self-harm',
  other: 'Other',
};

export const STATUS_LABELS: Record<ItemStatus, string> = {
  open: 'Open',
  in_review: 'In review',
  escalated: 'Escalated',
  resolved: 'Resolved',
  dismissed: 'Dismissed',
  merged: 'Merged',
};

export const ACCOUNT_ACTION_LABELS: Record<AccountAction, string> = {
  warn: 'Warn',
  restrict: 'Restrict',
  suspend: 'Suspend',
  ban: 'Ban',
  reinstate: 'Reinstate',
};

export const ESCALATION_LABELS: Record<EscalationTarget, string> = {
  senior_review: 'Senior review',
  liaison: 'Liaison',
};

/** "4 min", "3 h", "2 d": how long ago, coarse enough to scan a queue. */
export function waitedFor(since: Date | string, now = new Date()): string {
  const minutes = Math.max(0, Math.round((now.getTime() - new Date(since).getTime()) / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.round(hours / 24)} d`;
}

/** Minutes as "45 min" or "3.5 h". */
export function formatMinutes(minutes: number | null): string {
  if (minutes === null) return '–';
  return minutes < 90 ? `${Math.round(minutes)} min` : `${(minutes / 60).toFixed(1)} h`;
}

/** A decision template as the review page and the bulk workspace offer it: its text already filled in. */
export interface TemplateOption {
  id: string;
  name: string;
  action: string;
  accountAction: AccountAction | null;
  rendered: string;
}
