import type { Command } from 'commander';
import { openDatabase, type Database } from '@/db/client';
import { describeChainCheck, verifyAuditChain } from '@/lib/audit/verify';
import { actorOption, cliActor } from '../actor';

type OpenDatabase = () => Promise<Database>;

export function registerAudit(program: Command, openDb: OpenDatabase = () => openDatabase()): void {
  const group = program.command('audit').description('the audit log');
  actorOption(
    group.command('verify').description('check the hash chain; exits non-zero naming the first broken entry'),
  ).action(async (opts: { as?: string }) => {
    const database = await openDb();
    try {
      const result = await verifyAuditChain(database.db, await cliActor(database.db, opts.as, 'audit:verify'));
      if (!result.ok) throw new Error(describeChainCheck(result));
      process.stdout.write(`${describeChainCheck(result)}\n`);
    } finally {
      await database.close();
    }
  });
}
