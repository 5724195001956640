#!/usr/bin/env tsx
import { Command, CommanderError } from 'commander';
import { beforeDatabaseClose } from '@/db/client';
import { auditAnchorFromEnv } from '@/lib/audit/anchor-config';
import { checkpointIfAdvanced } from '@/lib/audit/checkpoint';
import { registerAudit } from './commands/audit';
import { registerDeliver } from './commands/deliver';
import { registerGenerate } from './commands/generate';
import { registerHolds } from './commands/holds';
import { registerImport } from './commands/import';
import { registerMigrate } from './commands/migrate';
import { registerPurge } from './commands/purge';
import { registerRisk } from './commands/risk';
import { registerRoute } from './commands/route';
import { registerStaff } from './commands/staff';

/**
 * `npm run lookout -- <command>`. Each command lives in cli/commands and calls lib/ functions;
 * every failure ends with one line on stderr and a non-zero exit.
 */
const program = new Command('lookout')
  .description('Lookout trust-and-safety console: command line')
  .exitOverride()
  .showHelpAfterError(false);

// A command that appended to the audit log ends by signing a checkpoint of it (lib/audit/checkpoint.ts).
// Its failure is reported and fails the command, but never hides the command's own error.
beforeDatabaseClose(async (database) => {
  try {
    const anchor = auditAnchorFromEnv(process.env, database.dataDir);
    if (anchor) await checkpointIfAdvanced({ db: database.db, actor: null, requestAddress: null, now: new Date() }, { anchor });
  } catch (error) {
    process.stderr.write(`lookout: audit checkpoint not written: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}\n`);
    process.exitCode = 1;
  }
});

registerMigrate(program);
registerImport(program);
registerStaff(program);
registerAudit(program);
registerPurge(program);
registerHolds(program);
registerRoute(program);
registerGenerate(program);
registerRisk(program);
registerDeliver(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof CommanderError) {
    process.exit(error.exitCode === 0 ? 0 : 2);
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`lookout: ${message.split('\n')[0]}\n`);
  process.exit(1);
});
