import { and, asc, desc, sql } from 'drizzle-orm';
import { auditLog } from '@/db/schema';
import { requirePermission } from '../auth/permissions';
import type { LibContext } from '../context';
import { DomainError } from '../errors';
import { spreadsheetCsv } from '../spreadsheet-csv';
import { changesSummary } from './changes';
import { writeCheckpoint } from './checkpoint';
import type { AuditAnchor, Checkpoint } from './checkpoint-format';
import { entryLine } from './export';
import { appendAudit } from './log';
import { filterOf, resolveAuditFilter, withActorNames, type AuditFilter } from './query';
import { SelectionDigest, signSelection, type Selection } from './selection';

/** The most entries one export of a view holds: narrow the filter for more (the whole log: `lookout audit export`). */
export const VIEW_EXPORT_MAX = 100_000;

const tooMany = () =>
  new DomainError('payload_too_large', `This view holds more than ${VIEW_EXPORT_MAX.toLocaleString('en-GB')} entries: narrow the filters (or export the whole log with lookout audit export).`);

export const AUDIT_CSV_COLUMNS = [
  'seq',
  'at_utc',
  'actor',
  'actor_email',
  'actor_role',
  'actor_type',
  'actor_id',
  'action',
  'target_type',
  'target_id',
  'reason',
  'what_changed',
  'changes_json',
  'request_address',
  'hash',
] as const;

/**
 * A filtered view of the audit log as CSV (`audit:read`): exactly the entries the explorer shows for
 * these filters, newest first, every page of them. Cells are guarded against spreadsheet formulas
 * (lib/spreadsheet-csv.ts). The export is audited in the same transaction that reads the entries.
 */
export async function exportAuditCsv(ctx: LibContext, input: { filter: AuditFilter }): Promise<{ csv: string; entries: number }> {
  const admin = requirePermission(ctx.actor, 'audit:read');
  const filter = filterOf(input.filter);
  return ctx.db.transaction(async (tx) => {
    // Up to 100,000 rows read once: compiling the scan (PostgreSQL's JIT) costs more than it saves.
    await tx.execute(sql`set local jit = off`);
    const { conditions } = await resolveAuditFilter(tx, filter);
    const rows = await tx
      .select()
      .from(auditLog)
      .where(and(...conditions))
      .orderBy(desc(auditLog.seq))
      .limit(VIEW_EXPORT_MAX + 1);
    if (rows.length > VIEW_EXPORT_MAX) throw tooMany();
    const entries = await withActorNames(tx, rows);
    await appendAudit(tx, {
      actor: admin,
      action: 'audit.export',
      targetType: 'audit_log',
      changes: { format: 'csv', filters: filter, entries: entries.length },
      requestAddress: ctx.requestAddress,
    });
    const csv = spreadsheetCsv(
      [
        [...AUDIT_CSV_COLUMNS],
        ...entries.map((entry) => [
          entry.seq,
          entry.at.toISOString(),
          entry.actorName ?? '',
          entry.actorEmail ?? '',
          entry.actorRole ?? '',
          entry.actorType,
          entry.actorId ?? '',
          entry.action,
          entry.targetType,
          entry.targetId ?? '',
          entry.reason ?? '',
          changesSummary(entry.changes, 10_000),
          JSON.stringify(entry.changes),
          entry.requestAddress ?? '',
          entry.hash,
        ]),
      ],
      { eof: true },
    );
    return { csv, entries: entries.length };
  });
}

/**
 * A filtered view as signed NDJSON (`audit:read`; needs the audit signing key): a `selection` line
 * signed with the key (the filters, the count, a digest of the entries' seqs and hashes, the chain's
 * head), the entries oldest first in the full export's own line format, and the signed checkpoint
 * of that head (lib/audit/selection.ts explains what it proves). The export's own `audit.export`
 * entry is written in the transaction that reads the view; the checkpoint, signed after it commits,
 * covers it.
 */
export async function exportAuditSelection(
  ctx: LibContext,
  input: { filter: AuditFilter; anchor: AuditAnchor | null },
): Promise<{ ndjson: string; entries: number; selection: Selection; checkpoint: Checkpoint }> {
  const admin = requirePermission(ctx.actor, 'audit:read');
  const { anchor } = input;
  if (!anchor) throw new DomainError('unavailable', 'A signed export needs the audit signing key, and none is configured (LOOKOUT_AUDIT_KEY_FILE).');
  const filter = filterOf(input.filter);
  const rows = await ctx.db.transaction(async (tx) => {
    const { conditions } = await resolveAuditFilter(tx, filter);
    const found = await tx
      .select()
      .from(auditLog)
      .where(and(...conditions))
      .orderBy(asc(auditLog.seq))
      .limit(VIEW_EXPORT_MAX + 1);
    if (found.length > VIEW_EXPORT_MAX) throw tooMany();
    await appendAudit(tx, {
      actor: admin,
      action: 'audit.export',
      targetType: 'audit_log',
      changes: { format: 'ndjson', filters: filter, entries: found.length },
      requestAddress: ctx.requestAddress,
    });
    return found;
  });
  // Never null: the log holds at least the entry just appended.
  const checkpoint = (await writeCheckpoint(ctx, { anchor }))!;
  const digest = new SelectionDigest();
  for (const row of rows) digest.add(row.seq, row.hash);
  const selection = signSelection(anchor, {
    filters: filter as Record<string, string>,
    entries: rows.length,
    digest: digest.hex(),
    head: { seq: checkpoint.seq, hash: checkpoint.hash },
    at: checkpoint.at,
  });
  const lines = [JSON.stringify(selection), ...rows.map(entryLine), JSON.stringify(checkpoint)];
  return { ndjson: `${lines.join('\n')}\n`, entries: rows.length, selection, checkpoint };
}
