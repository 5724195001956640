#!/usr/bin/env tsx
import { Command, CommanderError } from 'commander';
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
