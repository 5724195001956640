import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../db/client';
import { E2E_WEBHOOK_SECRET } from '../e2e/receiver';
import { seedE2ePoliceAccounts } from '../e2e/police-seed';
import { startReceiver } from '../lib/outbox/receiver';
import { seedE2eRisk } from '../e2e/risk-seed';
import { seedE2eStaff } from '../e2e/seed';
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
rmSync(dataDir, { recursive: true, force: true });
const database = await openDatabase({ dataDir });
await seedE2eStaff(database.db);
await seedE2ePlatform(database.db, port);
await seedE2ePoliceAccounts(database.db);
await seedE2eRisk(database.db);
await seedTriage(database.db);
await recordE2eFigures(database.db, port);
await database.close();

// The chat app's end of the webhook: tests read what arrived from GET <receiver>/events.
const receiver = await startReceiver({ secret: E2E_WEBHOOK_SECRET, port: port + 800 });
const server = spawn(path.resolve('node_modules/.bin/next'), ['start', '-p', String(port)], {
  env: { ...process.env, LOOKOUT_DATA_DIR: dataDir, LOOKOUT_PLATFORM_WEBHOOK_URL: receiver.url, LOOKOUT_PLATFORM_WEBHOOK_SECRET: E2E_WEBHOOK_SECRET },
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 1));
