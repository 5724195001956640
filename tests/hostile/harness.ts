import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { openDatabase, queryRows, type Database, type Db } from '@/db/client';
import { seedE2ePoliceAccounts } from '@/e2e/police-seed';
import { seedE2eRisk } from '@/e2e/risk-seed';
import { seedE2eStaff } from '@/e2e/seed';
import { seedTriage } from '@/e2e/triage-seed';
import type { StaffActor, StaffSession } from '@/lib/auth/session';
import { ROLES, type Role } from '@/lib/auth/roles';
import { openTestDatabase, testEngine } from '../helpers/db';
import { makeStaff } from '../helpers/staff';

/**
 * The in-process stage the hostile-input properties run on: a seeded test database that the app's
 * own `getDb()` returns, a session the mocked server/session.ts hands out (one role per call, or
 * none), and a write counter that tells whether a refused request changed any row.
 */

/** Who the mocked server/session.ts says is signed in for the next call (null: signed out). */
export const fuzzSession: { current: StaffSession | null } = { current: null };

// forbidden() refuses to run unless Next's authInterrupts flag (next.config.js) reached the process.
process.env.__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS = 'true';

export interface Stage {
  database: Database;
  actors: Record<Role, StaffActor>;
  /** Real ids from the seed: accounts, queue items, queues, staff, police requests. */
  realIds: string[];
  /** Rows inserted, updated or deleted so far (audit and sign-in throttle rows excepted, see below). */
  writes(): Promise<number>;
  /** Signs in as the role (or signs out) for the next call. */
  actAs(role: Role | null): void;
}

export async function openStage(): Promise<Stage> {
  const { database, actors } = await seededDatabase();
  const { db } = database;
  (globalThis as unknown as { lookoutDatabase?: Promise<Database> }).lookoutDatabase = Promise.resolve(database);
  return {
    database,
    actors,
    realIds: await realIds(db),
    writes: async () => (await queryRows<{ n: number }>(db, sql`select n::int as n from fuzz_writes`))[0]!.n,
    actAs(role) {
      fuzzSession.current = role ? { actor: actors[role], sessionId: randomUUID(), mustChangePassword: false, mustEnrolSecondFactor: false } : null;
    },
  };
}

interface Seeded {
  database: Database;
  actors: Record<Role, StaffActor>;
}

async function seed(): Promise<Seeded> {
  const database = await openTestDatabase();
  const { db } = database;
  await seedE2eStaff(db);
  await seedE2ePoliceAccounts(db);
  await seedE2eRisk(db);
  await seedTriage(db);
  const actors = Object.fromEntries(await Promise.all(ROLES.map(async (role) => [role, await makeStaff(db, role)] as const))) as Record<Role, StaffActor>;
  await installWriteCounter(db);
  return { database, actors };
}

/**
 * The seeded stage, each file on a database of its own. Seeding (scrypt-hashed passwords, a risk
 * scoring run) is the same for every file, so on PGlite the first file of the run to get here seeds
 * and dumps the result into the run's folder (LOOKOUT_TEST_RUN_DIR, tests/global-setup.ts); the
 * others start a new PGlite from that dump: the same rows, counter at zero, in a database no other
 * file touches. A file that finds another seeding waits for its dump.
 */
async function seededDatabase(): Promise<Seeded> {
  const runDir = process.env.LOOKOUT_TEST_RUN_DIR;
  if (testEngine() !== 'pglite' || !runDir) return seed();
  const dumpFile = path.join(runDir, 'hostile-stage.tar');
  const actorsFile = path.join(runDir, 'hostile-stage.json');
  let seeding = false;
  try {
    mkdirSync(path.join(runDir, 'hostile-stage.lock'));
    seeding = true;
  } catch {
    // another file is seeding, or has seeded
  }
  const failedFile = path.join(runDir, 'hostile-stage.failed');
  if (seeding) {
    try {
      const seeded = await seed();
      const dump = await (seeded.database.db as unknown as { $client: PGlite }).$client.dumpDataDir('none');
      writeFileSync(`${dumpFile}.part`, Buffer.from(await dump.arrayBuffer()));
      writeFileSync(actorsFile, JSON.stringify(seeded.actors));
      renameSync(`${dumpFile}.part`, dumpFile);
      return seeded;
    } catch (error) {
      writeFileSync(failedFile, String(error));
      throw error;
    }
  }
  for (let waited = 0; !existsSync(dumpFile); waited += 250) {
    // The seeding file failed (its own test reports why): seed here instead.
    if (existsSync(failedFile)) return seed();
    if (waited > 280_000) throw new Error(`no seeded stage appeared in ${runDir}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const database = await openDatabase({ dataDir: 'memory://', pgliteDump: new Blob([readFileSync(dumpFile)]), migrate: false });
  return { database, actors: JSON.parse(readFileSync(actorsFile, 'utf8')) as Record<Role, StaffActor> };
}

async function realIds(db: Db): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`(select account_id as id from accounts order by account_id limit 12)
        union all (select id::text from queue_items order by id limit 6)
        union all (select id from queues)
        union all (select id::text from staff order by id limit 4)
        union all (select username from accounts order by username limit 4)`,
  );
  return rows.map((row) => row.id);
}

/**
 * A row-level trigger on every table counts the rows a statement changed into fuzz_writes, inside
 * the same transaction: a change rolled back is no change. The audit log and the sign-in failure
 * counter are left out on purpose: they exist to record refused requests.
 */
async function installWriteCounter(db: Db): Promise<void> {
  await db.execute(sql`create table fuzz_writes (n bigint not null)`);
  await db.execute(sql`insert into fuzz_writes values (0)`);
  await db.execute(sql`create function fuzz_count_write() returns trigger language plpgsql as $$
    begin update fuzz_writes set n = n + 1; return null; end $$`);
  const tables = await queryRows<{ name: string }>(
    db,
    sql`select table_name as name from information_schema.tables
        where table_schema = 'public' and table_type = 'BASE TABLE'
          and table_name not in ('fuzz_writes', 'audit_log', 'signin_failures')`,
  );
  for (const { name } of tables) {
    await db.execute(sql.raw(`create trigger fuzz_count after insert or update or delete on "${name}" for each row execute function fuzz_count_write()`));
  }
}

/** Next's own control-flow throws (notFound, forbidden, unauthorized, redirect): a 3xx/4xx answer, not a failure. */
export function navigationStatus(error: unknown): number | null {
  const digest = (error as { digest?: unknown } | null)?.digest;
  if (typeof digest !== 'string') return null;
  if (digest.startsWith('NEXT_REDIRECT')) return 307;
  const fallback = /^NEXT_HTTP_ERROR_FALLBACK;(\d{3})$/.exec(digest);
  return fallback ? Number(fallback[1]) : null;
}

/** fast-check's own report (the shrunk counterexample) plus the line that replays it. */
export function failureReporter<T>(door: string, seed: number) {
  return (details: fc.RunDetails<T>) => {
    if (!details.failed) return;
    const cause = details.errorInstance instanceof Error ? (details.errorInstance.stack ?? details.errorInstance.message) : String(details.errorInstance);
    // Counterexamples hold 70,000-character strings: keep the report readable.
    const report = (fc.defaultReportMessage(details) ?? "").replace(/(.)\1{200,}/g, (run, char: string) => `${char.repeat(20)}…(${run.length} × ${JSON.stringify(char)})`);
    throw new Error(`${door}: replay with FUZZ_SEED=${seed}\n${report.slice(0, 4000)}\nFailure: ${cause.slice(0, 2000)}`);
  };
}
