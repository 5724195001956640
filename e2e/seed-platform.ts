import { eq, sql } from 'drizzle-orm';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { queryRows, type Db } from '@/db/client';
import { staff } from '@/db/schema';
import { generatePopulation } from '@/lib/generate';
import { importPlatformData } from '@/lib/import';
import { ctxOf } from '@/tests/helpers/context';
import { E2E_STAFF } from './staff-accounts';

/** The generated population the e2e server imports, as an operator would with `lookout import`. */
export const E2E_POPULATION = { accounts: 1500, seed: 'e2e-2026' } as const;

export function e2ePopulationDir(port: number): string {
  return path.resolve(`.data-e2e-${port}-population`);
}

export async function seedE2ePlatform(db: Db, port: number): Promise<void> {
  const dir = e2ePopulationDir(port);
  rmSync(dir, { recursive: true, force: true });
  await generatePopulation({ out: dir, accounts: E2E_POPULATION.accounts, seed: E2E_POPULATION.seed });
  const [admin] = await db.select().from(staff).where(eq(staff.email, E2E_STAFF.admin.email));
  if (!admin) throw new Error('seed the e2e staff before the platform data');
  await importPlatformData(ctxOf(db, { type: 'staff', id: admin.id, email: admin.email, role: admin.role }), { dir });
}

export interface E2eFigures {
  accounts: number;
  conversations: number;
  reports: number;
}

/**
 * After every seeder has run, the figures the overview must show: the generated population plus the
 * scenario accounts other features seed. Written beside the population for the tests to read.
 */
export async function recordE2eFigures(db: Db, port: number): Promise<void> {
  const [figures] = await queryRows<E2eFigures>(
    db,
    sql`select (select count(*) from accounts)::int as accounts,
               (select count(*) from contacts)::int as conversations,
               (select count(*) from reports)::int as reports`,
  );
  writeFileSync(path.join(e2ePopulationDir(port), 'figures.json'), JSON.stringify(figures));
}
