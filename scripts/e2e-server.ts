import { spawn } from 'node:child_process';
import path from 'node:path';
import { openDatabase } from '@/db/client';
import { DEFAULT_KEY_FILE, generateAuditKey } from '@/lib/audit/anchor-config';
import { seedE2eDraftPackage, seedE2ePoliceAccounts } from '@/e2e/police-seed';
import { seedPlatformLoop } from '@/e2e/platform-loop-seed';
import { seedCountedRequest, seedPriority } from '@/e2e/priority-seed';
import { E2E_WEBHOOK_SECRET } from '@/e2e/receiver';
import { startReceiver } from '@/lib/outbox/receiver';
import { seedE2eRisk } from '@/e2e/risk-seed';
import { seedE2eIdleSession, seedE2eStaff } from '@/e2e/seed';
import { recordE2eFigures, seedE2ePlatform } from '@/e2e/seed-platform';
import { seedTriage } from '@/e2e/triage-seed';
import { serveCommand } from '@/server/serve-processes';
import { e2eEngine, e2eServeEnv, freshE2eDatabase, resetE2eEnvironment } from './e2e-database';

/**
 * The server Playwright tests run against: a production build (`next build` first) on E2E_PORT
 * (default 3100), over a database wiped, migrated and seeded on every start: its own PGlite folder,
 * or with LOOKOUT_E2E_ENGINE=postgres (CI) a fresh `lookout_e2e_<port>` database on the local
 * PostgreSQL server (scripts/e2e-database.ts). Never the DATABASE_URL of the environment.
 */
const port = Number(process.env.E2E_PORT ?? 3100);
// The folder also keeps the local auth secret on PostgreSQL runs (server/auth-secret.ts).
const dataDir = resetE2eEnvironment(port);
const databaseUrl = e2eEngine() === 'postgres' ? await freshE2eDatabase(port) : undefined;
const database = await openDatabase(databaseUrl ? { url: databaseUrl } : { dataDir });
await seedE2eStaff(database.db);
await seedE2eIdleSession(database.db);
await seedE2ePlatform(database.db, port);
await seedE2ePoliceAccounts(database.db);
await seedE2eRisk(database.db);
await seedTriage(database.db);
await seedPriority(database.db);
await seedCountedRequest(database.db);
await seedE2eDraftPackage(database.db);
await seedPlatformLoop(database.db);
await recordE2eFigures(database.db, port);
await database.close();
// The server signs audit checkpoints with a key of its own, found in its data folder.
await generateAuditKey(path.join(dataDir, DEFAULT_KEY_FILE));

// The chat app's end of the webhook: tests read what arrived from GET <receiver>/events.
const receiver = await startReceiver({ secret: E2E_WEBHOOK_SECRET, port: port + 800 });

// Lookout's own server (scripts/serve.ts), so the tests see the peer address the app records.
const server = spawn(...serveCommand(), {
  env: {
    ...process.env,
    ...e2eServeEnv(port, dataDir, databaseUrl),
    LOOKOUT_PLATFORM_WEBHOOK_URL: receiver.url,
    LOOKOUT_PLATFORM_WEBHOOK_SECRET: E2E_WEBHOOK_SECRET,
  },
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 1));
