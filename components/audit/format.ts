import type { AuditListEntry } from '@/lib/audit/query';

/** Who acted, as the audit pages show it: "Name · email (role)", or "system:bootstrap". */
export function actorLabel(entry: Pick<AuditListEntry, 'actorType' | 'actorId' | 'actorEmail' | 'actorRole' | 'actorName'>): string {
  if (entry.actorType === 'staff') return `${entry.actorName ? `${entry.actorName} · ` : ''}${entry.actorEmail} (${entry.actorRole})`;
  return `${entry.actorType}:${entry.actorId}`;
}

/** An instant to the second, UTC: "2026-11-27 14:03:09". */
export function utcSeconds(at: Date): string {
  return at.toISOString().replace('T', ' ').slice(0, 19);
}
