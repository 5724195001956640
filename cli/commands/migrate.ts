import type { Command } from 'commander';
import { migrateDatabase, openDatabase } from '@/db/client';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description(
      'apply database migrations and (on PostgreSQL) create or update the lookout_app role and its grants; connects as the owner: LOOKOUT_MIGRATION_DATABASE_URL, else DATABASE_URL, else the embedded PGlite folder',
    )
    .action(async () => {
      const ownerUrl = process.env.LOOKOUT_MIGRATION_DATABASE_URL || process.env.DATABASE_URL || undefined;
      const database = await openDatabase({ url: ownerUrl, migrate: false });
      try {
        await migrateDatabase(database);
        process.stdout.write(`migrations applied (${database.engine})${database.engine === 'postgres' ? '; role lookout_app granted' : ''}\n`);
      } finally {
        await database.close();
      }
    });
}
