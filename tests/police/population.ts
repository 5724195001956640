import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Database, Db } from '@/db/client';
import { birthdateChanges, blocks, contacts } from '@/db/schema';
import { generatePopulation } from '@/lib/generate';
import { loadGeneratedPopulation } from '@/lib/generate/load';

/** The dated platform rows of a population, as the scope checks compare them with a package. */
export interface Population {
  contacts: (typeof contacts.$inferInsert)[];
  blocks: (typeof blocks.$inferInsert)[];
  birthdateChanges: (typeof birthdateChanges.$inferInsert)[];
}

/** Generates a synthetic population with `lookout generate`'s code, loads it, and reads its rows back. */
export async function loadGenerated(database: Database, options: { accounts: number; seed: string }): Promise<Population> {
  const dir = mkdtempSync(path.join(tmpdir(), 'lookout-police-population-'));
  try {
    await generatePopulation({ out: dir, ...options });
    await loadGeneratedPopulation(database, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return readPopulation(database.db);
}

export async function readPopulation(db: Db): Promise<Population> {
  return {
    contacts: await db.select().from(contacts),
    blocks: await db.select().from(blocks),
    birthdateChanges: await db.select().from(birthdateChanges),
  };
}
