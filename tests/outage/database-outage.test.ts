import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts, integrationTokens, reports } from '@/db/schema';
import type { Database } from '@/db/client';
import { hashToken } from '@/lib/triage/integrations';
import { makeStaff } from '../helpers/staff';

/**
 * A real database outage under ingest load: a private PostgreSQL 15 cluster (its own directory and
 * port, so no other test or helper is touched) serves the app's own ingest route handler; it is
 * stopped while reports are arriving and started again. The chat app's side is simulated as the
 * API asks: a report answered 503 is sent again after Retry-After.
 */
const BIN = '/usr/lib/postgresql/15/bin';
const available = existsSync(path.join(BIN, 'initdb')) && existsSync(path.join(BIN, 'pg_ctl'));
// Under CI the binaries must be there: this test is never skipped there.
const runIt = available || process.env.CI === 'true' ? it : it.skip;
const skipReason = available ? '' : ` (skipped: no PostgreSQL 15 binaries in ${BIN})`;

function asPostgres(command: string, args: string[]): string {
  const quoted = [command, ...args].map((part) => `'${part.replaceAll("'", "'\\''")}'`).join(' ');
  return execFileSync('su', ['postgres', '-s', '/bin/sh', '-c', quoted], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('the ingest API through a database outage', () => {
  let dir: string;
  let port: number;
  const pgCtl = (...args: string[]) => asPostgres(path.join(BIN, 'pg_ctl'), ['-D', path.join(dir, 'data'), ...args]);
  const start = () => pgCtl('-l', path.join(dir, 'log'), '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`, '-w', 'start');
  const stop = () => pgCtl('-m', 'fast', '-w', 'stop');

  beforeAll(async () => {
    if (!available) return;
    dir = mkdtempSync(path.join(tmpdir(), 'lookout-outage-'));
    if (process.getuid?.() === 0) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })), 0);
    port = await freePort();
    asPostgres(path.join(BIN, 'initdb'), ['-D', path.join(dir, 'data'), '-A', 'trust', '-U', 'postgres']);
    start();
    process.env.DATABASE_URL = `postgres://postgres@127.0.0.1:${port}/postgres`;
  }, 180_000);

  afterAll(async () => {
    if (!available) return;
    const database = await (globalThis as unknown as { lookoutDatabase?: Promise<Database> }).lookoutDatabase?.catch(() => undefined);
    await database?.close().catch(() => undefined);
    delete process.env.DATABASE_URL;
    try {
      stop();
    } catch {
      // already stopped by a failed test
    }
    rmSync(dir, { recursive: true, force: true });
  });

  runIt(`answers 503 with Retry-After while down, loses no acknowledged report, and recovers without a restart${skipReason}`, async () => {
    const { getDb } = await import('@/db');
    const { POST } = await import('@/app/api/v1/reports/route');
    const db = await getDb();
    const admin = await makeStaff(db, 'admin');
    const secret = `lk_${randomBytes(24).toString('base64url')}`;
    await db.insert(integrationTokens).values({ name: 'outage', tokenHash: hashToken(secret), tokenPrefix: secret.slice(0, 10), ratePerMinute: 100_000, createdBy: admin.id });
    await db.insert(accounts).values([
      { accountId: 'outage-reporter', username: 'outage_reporter', createdAt: new Date('2024-01-01T00:00:00Z') },
      ...Array.from({ length: 20 }, (_, i) => ({ accountId: `outage-${i}`, username: `outage_${i}`, createdAt: new Date('2024-01-01T00:00:00Z') })),
    ]);

    const total = 200;
    const send = (n: number) =>
      POST(
        new Request('http://lookout.test/api/v1/reports', {
          method: 'POST',
          headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            report_id: `outage-report-${n}`,
            reporter_id: 'outage-reporter',
            reported_id: `outage-${n % 20}`,
            category: 'harassment',
            description: `report ${n}`,
            created_at: new Date().toISOString(),
            source: 'user',
          }),
        }),
      );

    const acknowledged = new Set<string>();
    const statuses: number[] = [];
    let unavailable = 0;
    let stopped = false;
    let restarted = false;
    let next = 0;
    // Four senders at once, each retrying a 503 after Retry-After (shortened: the header is checked, not slept in full).
    const sender = async () => {
      while (next < total) {
        const n = next++;
        for (let attempt = 0; ; attempt++) {
          const response = await send(n);
          statuses.push(response.status);
          if (response.status === 201 || response.status === 200) {
            acknowledged.add(`outage-report-${n}`);
            break;
          }
          expect(response.status, await response.text()).toBe(503);
          expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
          unavailable++;
          expect(attempt, 'the API never recovered').toBeLessThan(200);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        if (n === 60 && !stopped) {
          stopped = true;
          stop();
          // Keep sending into the outage for a moment, then bring the database back.
          setTimeout(() => {
            start();
            restarted = true;
          }, 1500);
        }
      }
    };
    await Promise.all([sender(), sender(), sender(), sender()]);

    expect(stopped && restarted).toBe(true);
    expect(unavailable, 'no request met the outage').toBeGreaterThan(0);
    expect(statuses.filter((status) => status >= 500 && status !== 503)).toEqual([]);
    expect(acknowledged.size).toBe(total);
    const stored = await db.select({ id: reports.reportId }).from(reports).where(inArray(reports.reportId, [...acknowledged]));
    expect(stored.length, 'an acknowledged report is missing after the restart').toBe(acknowledged.size);
  }, 300_000);
});
