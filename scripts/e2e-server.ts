import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../db/client';
import { seedE2ePoliceAccounts } from '../e2e/police-seed';
import { seedE2eRisk } from '../e2e/risk-seed';
import { seedE2eStaff } from '../e2e/seed';
import { recordE2eFigures, seedE2ePlatform } from '../e2e/seed-platform';
import { seedTriage } from '../e2e/triage-seed';
import { e2eEngine, freshE2eDatabase } from './e2e-database';

/**
 * The server Playwright tests run against: a production build (`next build` first) on E2E_PORT
 * (default 3100), over a database wiped, migrated and seeded on every start: its own PGlite folder,
 * or with LOOKOUT_E2E_ENGINE=postgres (CI) a fresh `lookout_e2e_<port>` database on the local
 * PostgreSQL server (scripts/e2e-database.ts). Never the DATABASE_URL of the environment.
 */
const port = Number(process.env.E2E_PORT ?? 3100);
// The folder also keeps the local auth secret on PostgreSQL runs (server/auth-secret.ts).
const dataDir = path.resolve(`.data-e2e-${port}`);

delete process.env.DATABASE_URL;
rmSync(dataDir, { recursive: true, force: true });
const databaseUrl = e2eEngine() === 'postgres' ? await freshE2eDatabase(port) : undefined;
const database = await openDatabase(databaseUrl ? { url: databaseUrl } : { dataDir });
await seedE2eStaff(database.db);
await seedE2ePlatform(database.db, port);
await seedE2ePoliceAccounts(database.db);
await seedE2eRisk(database.db);
await seedTriage(database.db);
await recordE2eFigures(database.db, port);
await database.close();

const server = spawn(path.resolve('node_modules/.bin/next'), ['start', '-p', String(port)], {
  env: { ...process.env, LOOKOUT_DATA_DIR: dataDir, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) },
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 1));
