import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../db/client';
import { DEFAULT_KEY_FILE, generateAuditKey } from '../lib/audit/anchor-config';
import { seedE2ePoliceAccounts } from '../e2e/police-seed';
import { seedE2eRisk } from '../e2e/risk-seed';
import { seedE2eIdleSession, seedE2eStaff } from '../e2e/seed';
import { recordE2eFigures, seedE2ePlatform } from '../e2e/seed-platform';
import { seedTriage } from '../e2e/triage-seed';

/**
 * The server Playwright tests run against: a production build (`next build` first) on E2E_PORT
 * (default 3100) over its own PGlite folder, wiped, migrated and seeded on every start. Always
 * PGlite, never DATABASE_URL: these tests must not touch a real database.
 */
const port = Number(process.env.E2E_PORT ?? 3100);
const dataDir = path.resolve(`.data-e2e-${port}`);

delete process.env.DATABASE_URL;
for (const name of ['LOOKOUT_AUDIT_SIGNING_KEY', 'LOOKOUT_AUDIT_KEY_FILE', 'LOOKOUT_CHECKPOINT_DIR']) delete process.env[name];
// Browser tests sign in with passwords alone (the app shell shows the warning); second-factor
// secrets are encrypted with a key made for this run, outside the database.
process.env.LOOKOUT_REQUIRE_MFA = '0';
process.env.LOOKOUT_TOTP_KEY = randomBytes(32).toString('base64');
rmSync(dataDir, { recursive: true, force: true });
const database = await openDatabase({ dataDir });
await seedE2eStaff(database.db);
await seedE2eIdleSession(database.db);
await seedE2ePlatform(database.db, port);
await seedE2ePoliceAccounts(database.db);
await seedE2eRisk(database.db);
await seedTriage(database.db);
await recordE2eFigures(database.db, port);
await database.close();
// The server signs audit checkpoints with a key of its own, found in its data folder.
await generateAuditKey(path.join(dataDir, DEFAULT_KEY_FILE));

// Lookout's own server (scripts/serve.ts), so the tests see the peer address the app records.
const server = spawn(path.resolve('node_modules/.bin/tsx'), ['scripts/serve.ts'], {
  env: { ...process.env, LOOKOUT_DATA_DIR: dataDir, PORT: String(port), LOOKOUT_LISTEN_HOST: '127.0.0.1', NODE_ENV: 'production' },
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 1));
