import { getDatabase } from '@/db';
import type { Database } from '@/db/client';
import { runtimeRoleProblem } from '@/db/roles';
import { auditAnchorFromEnv } from '@/lib/audit/anchor-config';
import { checkpointIfAdvanced } from '@/lib/audit/checkpoint';
import type { AuditAnchor } from '@/lib/audit/checkpoint-format';

/** While audit entries arrive, the app signs a checkpoint of the log at least this often. */
export const CHECKPOINT_INTERVAL_MS = 60_000;

const globalForAnchor = globalThis as unknown as { lookoutAuditAnchor?: AuditAnchor | null; lookoutCheckpointTimer?: NodeJS.Timeout };

/** The app's audit signing key and checkpoint folder (read once per process), or null when none is configured. */
export async function appAuditAnchor(): Promise<AuditAnchor | null> {
  if (globalForAnchor.lookoutAuditAnchor === undefined) {
    globalForAnchor.lookoutAuditAnchor = auditAnchorFromEnv(process.env, (await getDatabase()).dataDir);
  }
  return globalForAnchor.lookoutAuditAnchor;
}

function refuse(line: string): never {
  process.stderr.write(`lookout: ${line}\n`);
  process.exit(1);
}

/**
 * Runs once when the server starts (instrumentation.ts). In production it refuses to start when
 * connected to PostgreSQL with rights the app must not hold (superuser, owner), or without an audit
 * signing key. Then, every minute, it signs a checkpoint if the audit log moved (a timer in the
 * app process rather than a check in appendAudit: a checkpoint must name a committed entry, and
 * appendAudit runs inside its caller's transaction). `checkpointTimer: false` makes the checks only
 * (a second server process, whose first process signs the checkpoints).
 */
export async function startLookout(options: { checkpointTimer: boolean }): Promise<void> {
  const production = process.env.NODE_ENV === 'production';
  let database: Database;
  let anchor: AuditAnchor | null;
  try {
    database = await getDatabase();
    anchor = await appAuditAnchor();
  } catch (error) {
    refuse(error instanceof Error ? error.message.split('\n')[0]! : String(error));
  }
  if (production && database.engine === 'postgres') {
    const problem = await runtimeRoleProblem(database.db);
    if (problem) refuse(problem);
  }
  if (!anchor) {
    const line = 'no audit signing key (LOOKOUT_AUDIT_KEY_FILE or LOOKOUT_AUDIT_SIGNING_KEY): the audit log is not anchored';
    if (production) refuse(`refusing to start in production: ${line}`);
    if (options.checkpointTimer) process.stderr.write(`lookout: warning: ${line}\n`);
    return;
  }
  if (!options.checkpointTimer) return;
  globalForAnchor.lookoutCheckpointTimer ??= setInterval(() => {
    checkpointIfAdvanced({ db: database.db, actor: null, requestAddress: null, now: new Date() }, { anchor }).catch((error: unknown) => {
      process.stderr.write(`lookout: audit checkpoint not written: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}\n`);
    });
  }, CHECKPOINT_INTERVAL_MS).unref();
}
