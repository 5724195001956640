import { openDatabase, type Database } from './client';

// One database per server process, opened (and migrated) on first use.
const globalForDb = globalThis as unknown as { lookoutDatabase?: Promise<Database> };

export function getDatabase(): Promise<Database> {
  if (!globalForDb.lookoutDatabase) {
    const opening = openDatabase();
    globalForDb.lookoutDatabase = opening;
    // Opening fails while the database is down: forget the failure so the next request tries
    // again, and the app recovers without a restart once the database is back.
    opening.catch(() => {
      if (globalForDb.lookoutDatabase === opening) globalForDb.lookoutDatabase = undefined;
    });
  }
  return globalForDb.lookoutDatabase;
}

export async function getDb() {
  return (await getDatabase()).db;
}
