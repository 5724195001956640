import type { Command } from 'commander';
import { migrateDatabase, openDatabase } from '@/db/client';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('apply database migrations (DATABASE_URL, else the embedded PGlite folder)')
    .action(async () => {
      const database = await openDatabase({ migrate: false });
      try {
        await migrateDatabase(database);
        process.stdout.write(`migrations applied (${database.engine})\n`);
      } finally {
        await database.close();
      }
    });
}
