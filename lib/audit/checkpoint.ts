import { desc } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { auditCheckpoints, auditLog } from '@/db/schema';
import type { LibContext } from '@/lib/context';
import { appendCheckpointFile, newestCheckpointInFiles, readCheckpointFiles } from './checkpoint-files';
import { signCheckpoint, type AuditAnchor, type Checkpoint, type FoundCheckpoint } from './checkpoint-format';

async function auditHead(db: Db): Promise<{ seq: number; hash: string } | null> {
  const [head] = await db.select({ seq: auditLog.seq, hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
  return head ?? null;
}

/**
 * Signs the audit log's current (committed) head and records the checkpoint outside the database
 * first (the checkpoint files), then in the audit_checkpoints table. Nothing to sign on an empty log.
 */
export async function writeCheckpoint(ctx: LibContext, input: { anchor: AuditAnchor }): Promise<Checkpoint | null> {
  const head = await auditHead(ctx.db);
  if (!head) return null;
  // Stamped with the moment of signing (not ctx.now, which may be the start of a long command).
  const checkpoint = signCheckpoint(input.anchor, head, new Date());
  await appendCheckpointFile(input.anchor.checkpointDir, checkpoint);
  const { type: _type, at, ...row } = checkpoint;
  await ctx.db.insert(auditCheckpoints).values({ ...row, at: new Date(at) });
  return checkpoint;
}

/**
 * Writes a checkpoint when the log has moved past the newest one in the checkpoint files (the
 * copy an insider with database rights cannot add to): what the CLI does when a command ends and
 * the app does every minute. Returns the checkpoint written, or null when nothing moved.
 */
export async function checkpointIfAdvanced(ctx: LibContext, input: { anchor: AuditAnchor }): Promise<Checkpoint | null> {
  const head = await auditHead(ctx.db);
  if (!head) return null;
  const newest = await newestCheckpointInFiles(input.anchor.checkpointDir);
  if (newest && newest.seq === head.seq && newest.hash === head.hash) return null;
  return writeCheckpoint(ctx, input);
}

/** Every checkpoint on record: the table's rows and the files' lines (a line that does not parse is reported). */
export async function readAllCheckpoints(
  db: Db,
  checkpointDir: string,
): Promise<{ checkpoints: FoundCheckpoint[]; unreadable: { source: string; problem: string } | null }> {
  const rows = await db.select().from(auditCheckpoints).orderBy(auditCheckpoints.id);
  const fromTable: FoundCheckpoint[] = rows.map((row) => ({
    type: 'checkpoint',
    seq: row.seq,
    hash: row.hash,
    at: row.at.toISOString(),
    keyId: row.keyId,
    signature: row.signature,
    source: `audit_checkpoints row ${row.id}`,
  }));
  const files = await readCheckpointFiles(checkpointDir);
  return { checkpoints: [...files.checkpoints, ...fromTable], unreadable: files.unreadable };
}
