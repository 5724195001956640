import { asc, gt } from 'drizzle-orm';
import { auditLog } from '@/db/schema';
import { requirePermission } from '@/lib/auth/permissions';
import type { LibContext } from '@/lib/context';
import { readAllCheckpoints, writeCheckpoint } from './checkpoint';
import type { AuditAnchor, Checkpoint } from './checkpoint-format';
import { appendAudit, type AuditRow } from './log';

const BATCH = 1000;

/** One export line for an entry: every hashed field, its hash, and `type` first. */
export function entryLine(entry: AuditRow): string {
  return JSON.stringify({ type: 'entry', ...entry, at: entry.at.toISOString() });
}

/**
 * `audit export`: the whole log as NDJSON — every entry with its hashes in seq order, then every
 * distinct signed checkpoint in seq order, the last one signed at export time so it covers the
 * newest entry (the export's own `audit.export` entry). Admins (`audit:read`); needs the signing
 * key, since an export nothing vouches for proves nothing. `write` receives one line at a time.
 */
export async function exportAudit(
  ctx: LibContext,
  input: { anchor: AuditAnchor; write: (line: string) => Promise<void> },
): Promise<{ entries: number; checkpoints: number }> {
  const admin = requirePermission(ctx.actor, 'audit:read');
  await ctx.db.transaction((tx) =>
    appendAudit(tx, { actor: admin, action: 'audit.export', targetType: 'audit_log', requestAddress: ctx.requestAddress }),
  );
  // Never null: the log holds at least the entry just appended.
  const head = (await writeCheckpoint(ctx, { anchor: input.anchor }))!;

  let entries = 0;
  let after = 0;
  for (;;) {
    // Entries appended while the export runs are left for the next export: the checkpoint ends it.
    const batch = await ctx.db.select().from(auditLog).where(gt(auditLog.seq, after)).orderBy(asc(auditLog.seq)).limit(BATCH);
    for (const entry of batch) {
      if (entry.seq > head.seq) break;
      await input.write(`${entryLine(entry)}\n`);
      entries += 1;
    }
    after = batch.at(-1)?.seq ?? after;
    if (batch.length < BATCH || after >= head.seq) break;
  }

  const { checkpoints } = await readAllCheckpoints(ctx.db, input.anchor.checkpointDir);
  const distinct = new Map<string, Checkpoint>();
  for (const { source: _source, ...checkpoint } of checkpoints) {
    if (checkpoint.seq <= head.seq) distinct.set(checkpoint.signature, checkpoint);
  }
  const ordered = [...distinct.values()].sort((a, b) => a.seq - b.seq || a.at.localeCompare(b.at));
  for (const checkpoint of ordered) await input.write(`${JSON.stringify(checkpoint)}\n`);
  return { entries, checkpoints: ordered.length };
}
