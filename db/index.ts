import { openDatabase, type Database } from './client';

// One database per server process, opened (and migrated) on first use.
const globalForDb = globalThis as unknown as { lookoutDatabase?: Promise<Database> };

export function getDatabase(): Promise<Database> {
  globalForDb.lookoutDatabase ??= openDatabase();
  return globalForDb.lookoutDatabase;
}

export async function getDb() {
  return (await getDatabase()).db;
}
