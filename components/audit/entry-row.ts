import { changesSummary } from '@/lib/audit/changes';
import type { AuditListEntry } from '@/lib/audit/query';
import { targetHref, targetLabel } from '@/lib/audit/targets';
import { actorLabel, utcSeconds } from './format';

/** What every list of audit entries shows first, as text: the entry, when, who, what. */
export interface EntryLead {
  seq: number;
  at: string;
  actor: string;
  action: string;
}

export function entryLead(entry: AuditListEntry): EntryLead {
  return { seq: entry.seq, at: utcSeconds(entry.at), actor: actorLabel(entry), action: entry.action };
}

/** A row of the audit explorer as the browser receives it: the lead, the target and what changed, summarised. */
export interface AuditEntryRow extends EntryLead {
  target: { label: string; id: string | null; href: string | null };
  reason: string | null;
  summary: string;
}

export function auditEntryRow(entry: AuditListEntry): AuditEntryRow {
  return {
    ...entryLead(entry),
    target: { label: targetLabel(entry.targetType), id: entry.targetId, href: targetHref(entry.targetType, entry.targetId) },
    reason: entry.reason,
    summary: changesSummary(entry.changes),
  };
}
