/**
 * `npm start`: the demo. On the embedded database (PGlite in .data/ unless LOOKOUT_DATA_DIR says
 * otherwise) it applies migrations, creates one staff member per role, generates and imports a demo
 * population and scores it when the database is empty, makes an audit signing key, builds the app if needed and serves it on
 * http://127.0.0.1:3000 (loopback only). Every step goes through the same CLI an operator would use.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { openDatabase, pgliteDataDir, queryRows } from '@/db/client';
import { DEFAULT_KEY_FILE } from '@/lib/audit/anchor-config';
import { startReceiver } from '@/lib/outbox/receiver';
import { serveCommand } from '@/server/serve-processes';
import { DEMO_STAFF } from './demo-staff';

const port = process.env.PORT ?? '3000';
const demoAccounts = process.env.LOOKOUT_DEMO_ACCOUNTS ?? '4000';

function lookout(args: string[]): void {
  const result = spawnSync('npx', ['tsx', 'cli/lookout.ts', ...args], { stdio: 'inherit' });
  if (result.status !== 0) {
    process.stderr.write(`demo start: "lookout ${args.join(' ')}" failed\n`);
    process.exit(result.status ?? 1);
  }
}

async function databaseState(): Promise<{ accounts: number; staff: number }> {
  const database = await openDatabase();
  try {
    const [row] = await queryRows<{ accounts: number; staff: number }>(
      database.db,
      sql`select (select count(*) from accounts)::int as accounts, (select count(*) from staff)::int as staff`,
    );
    return row ?? { accounts: 0, staff: 0 };
  } finally {
    await database.close();
  }
}

function buildIfNeeded(): void {
  const commit = spawnSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).stdout.trim() || 'unknown';
  const marker = path.join('.next', 'lookout-build');
  if (existsSync(path.join('.next', 'BUILD_ID')) && existsSync(marker) && readFileSync(marker, 'utf8') === commit) return;
  process.stdout.write('Building the app (once per commit)…\n');
  execFileSync('npx', ['next', 'build'], { stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
  writeFileSync(marker, commit);
}

async function main(): Promise<void> {
  if (process.env.DATABASE_URL) {
    process.stderr.write('demo start: unset DATABASE_URL — the demo runs on the embedded database only.\n');
    process.exit(2);
  }
  // Demo staff sign in with the passwords printed below; the app shell warns that a second
  // factor is off. The TOTP key is generated once into the data folder (lib/auth/totp-secret.ts).
  process.env.LOOKOUT_REQUIRE_MFA ??= '0';
  lookout(['migrate']);
  // The demo's audit signing key, next to its database (never committed: .data/ is ignored). The app
  // and the CLI find it there; a production deployment names its own key (docs/security.md).
  const keyFile = path.join(pgliteDataDir(), DEFAULT_KEY_FILE);
  if (!existsSync(keyFile)) lookout(['audit', 'keygen', '--out', keyFile]);

  const state = await databaseState();
  const admin = DEMO_STAFF.find((member) => member.role === 'admin')!;
  if (state.staff === 0) {
    for (const member of DEMO_STAFF) {
      const as = member === admin ? [] : ['--as', admin.email];
      lookout(['staff', 'add', '--email', member.email, '--role', member.role, '--password', member.password, ...as]);
    }
  }
  if (state.accounts === 0) {
    const dir = mkdtempSync(path.join(tmpdir(), 'lookout-demo-'));
    try {
      // Observed now, so the demo's newest conversations and reports are recent rather than weeks old.
      lookout(['generate', '--out', dir, '--accounts', demoAccounts, '--seed', '2026', '--now', new Date().toISOString()]);
      lookout(['import', dir, '--as', admin.email]);
      // Score before routing: queue priority and risk-based queue filters read the scores.
      lookout(['score', '--as', admin.email]);
      lookout(['route', '--as', admin.email]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  buildIfNeeded();
  process.stdout.write(
    `\nLookout demo on http://127.0.0.1:${port}\nSign in as (demo passwords, embedded database only):\n` +
      DEMO_STAFF.map((m) => `  ${m.role.padEnd(10)} ${m.email.padEnd(28)} ${m.password}`).join('\n') +
      '\n\n',
  );
  // The chat app's side of the webhook, so a decision taken in the demo is seen arriving.
  const webhookSecret = `whsec_${randomBytes(32).toString('base64')}`;
  const receiver = await startReceiver({ secret: webhookSecret, port: Number(process.env.RECEIVER_PORT ?? 3900) });
  process.stdout.write(`Decisions are posted to a demo platform receiver at ${receiver.url} (GET /events)\n`);
  let shown = 0;
  setInterval(() => {
    for (const event of receiver.events.slice(shown)) process.stdout.write(`platform received ${event.body.type} ${JSON.stringify(event.body.data)}\n`);
    shown = receiver.events.length;
  }, 1000).unref();
  // Loopback only: the demo has well-known passwords and no TLS.
  const server = spawn(...serveCommand(), {
    stdio: 'inherit',
    env: {
      ...process.env,
      PORT: port,
      LOOKOUT_LISTEN_HOST: '127.0.0.1',
      NODE_ENV: 'production',
      LOOKOUT_PLATFORM_WEBHOOK_URL: receiver.url,
      LOOKOUT_PLATFORM_WEBHOOK_SECRET: webhookSecret,
    },
  });
  // Stopping the demo stops its server (Ctrl-C reaches both; a SIGTERM to the demo alone must too).
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.kill(signal));
  server.on('exit', (code) => process.exit(code ?? 0));
}

void main();
