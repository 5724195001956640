import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, type Database } from '@/db/client';
import { accounts } from '@/db/schema';
import { handleReportIntake } from '@/server/report-intake';
import { createIntegrationToken, listIntegrationTokens, revokeIntegrationToken } from '@/lib/triage/integrations';
import { openTestDatabase, testEngine } from '../helpers/db';
import { account } from '../helpers/fixtures';
import { auditCount, makeStaff } from '../helpers/staff';
import { markPeerHeaderSet, PEER_HEADER } from '@/server/request-address';
import { ctxOf } from '../helpers/context';

markPeerHeaderSet();

function post(path: string, body: unknown, token?: string) {
  return new Request(`http://lookout.test${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

const report = (reportId: string, extra: Record<string, unknown> = {}) => ({
  report_id: reportId,
  reporter_id: 'maya',
  reported_id: 'stranger',
  category: 'grooming',
  description: 'asked me to send photos and move to another app',
  created_at: '2026-05-01T10:00:00+02:00',
  source: 'user',
  ...extra,
});

describe(`report intake API on ${testEngine()}`, () => {
  let database: Database;
  let secret: string;
  let tokenId: string;

  async function storedReports(): Promise<number> {
    const [row] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from reports`);
    return row!.n;
  }

  beforeAll(async () => {
    database = await openTestDatabase();
    const { db } = database;
    const admin = await makeStaff(db, 'admin');
    await db.insert(accounts).values([account('maya', '2013-02-01'), account('stranger', '1984-01-01'), account('sam', '1999-01-01')]);
    const token = await createIntegrationToken(ctxOf(db, admin), { name: 'chat app', ratePerMinute: 8 });
    secret = token.secret;
    tokenId = token.id;
  });
  afterAll(async () => database?.close());

  it('stores only the hash of a token and shows the secret once', async () => {
    const admin = await makeStaff(database.db, 'admin');
    const rows = await queryRows<{ token_hash: string; token_prefix: string }>(database.db, sql`select token_hash, token_prefix from integration_tokens`);
    expect(rows[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0]!.token_hash).not.toContain(secret);
    expect(secret.startsWith(rows[0]!.token_prefix)).toBe(true);
    const listed = await listIntegrationTokens(ctxOf(database.db, admin));
    expect(JSON.stringify(listed)).not.toContain(secret);
    await expect(listIntegrationTokens(ctxOf(database.db, await makeStaff(database.db, 'moderator')))).rejects.toThrow(/integrations:manage/);
  });

  it('answers a bad or missing token with 401 and stores nothing', async () => {
    const before = [await storedReports(), await auditCount(database.db)];
    for (const token of [undefined, 'lk_wrong']) {
      const response = await handleReportIntake(database.db, post('/api/v1/reports', report('bad-1'), token), 'single');
      expect(response.status).toBe(401);
    }
    expect([await storedReports(), await auditCount(database.db)]).toEqual(before);
  });

  it('answers a malformed body with 400 naming the field', async () => {
    const cases: [unknown, string][] = [
      [report('m1', { category: 'rudeness' }), 'category'],
      [report('m2', { created_at: 'yesterday' }), 'created_at'],
      [report('m3', { reported_id: 'x'.repeat(65) }), 'reported_id'],
      [{ ...report('m4'), report_id: undefined }, 'report_id'],
      [report('m5', { reported_id: 'nobody' }), 'reported_id'],
      ['{not json', 'body'],
    ];
    for (const [body, field] of cases) {
      const response = await handleReportIntake(database.db, post('/api/v1/reports', body, secret), 'single');
      const answer = (await response.json()) as { error: string; field: string };
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(answer.field).toBe(field);
      expect(answer.error.startsWith(`${field}: `), answer.error).toBe(true);
    }
    const batch = await handleReportIntake(
      database.db,
      post('/api/v1/reports/batch', { reports: [report('b0'), report('b1', { source: 'rumour' })] }, secret),
      'batch',
    );
    expect(batch.status).toBe(400);
    expect(await batch.json()).toMatchObject({ field: 'reports[1].source' });
    expect(await storedReports()).toBe(0);
  });

  it('stores a report once however often it is sent, routes it and audits each request', async () => {
    const before = await auditCount(database.db);
    const fromProxy = post('/api/v1/reports', report('r-1'), secret);
    // As scripts/serve.ts hands it over: the peer address of the connection, set by Lookout's own server.
    fromProxy.headers.set(PEER_HEADER, '10.0.0.7');
    const first = await handleReportIntake(database.db, fromProxy, 'single');
    expect(first.status).toBe(201);
    expect(await first.json()).toEqual({ report_id: 'r-1', status: 'created', queue_id: 'child-safety' });
    const again = await handleReportIntake(database.db, post('/api/v1/reports', report('r-1', { category: 'spam' }), secret), 'single');
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ report_id: 'r-1', status: 'duplicate' });
    expect(await storedReports()).toBe(1);
    const [stored] = await queryRows<{ category: string }>(database.db, sql`select category::text from reports where report_id = 'r-1'`);
    expect(stored!.category).toBe('grooming');
    expect((await auditCount(database.db)) - before).toBe(2);
    const clash = await handleReportIntake(database.db, post('/api/v1/reports', report('r-1', { reported_id: 'sam' }), secret), 'single');
    expect(clash.status).toBe(409);
    expect(await clash.json()).toMatchObject({ field: 'report_id' });
    const [entry] = await queryRows<{ actor_type: string; actor_id: string; request_address: string }>(
      database.db,
      sql`select actor_type, actor_id, request_address from audit_log where action = 'report.ingest' order by seq limit 1`,
    );
    expect(entry).toEqual({ actor_type: 'integration', actor_id: tokenId, request_address: '10.0.0.7' });
  });

  it('takes a batch, reporting duplicates and routing each report', async () => {
    const response = await handleReportIntake(
      database.db,
      post('/api/v1/reports/batch', { reports: [report('r-1'), report('r-2', { reported_id: 'sam', reporter_id: 'stranger', category: 'spam' })] }, secret),
      'batch',
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      created: 1,
      duplicates: 1,
      results: [
        { report_id: 'r-1', status: 'duplicate', queue_id: 'child-safety' },
        { report_id: 'r-2', status: 'created', queue_id: 'everything-else' },
      ],
    });
  });

  it('limits each token to its rate per minute (429 stores nothing) and refuses a revoked token', async () => {
    // The token allows 8 reports a minute; 3 went through above. Five more fit, the sixth is refused.
    // Close to a minute's end, wait for the next window so the whole check runs in one.
    const [clock] = await queryRows<{ seconds: number }>(database.db, sql`select extract(second from now())::int as seconds`);
    const seconds = clock!.seconds;
    if (seconds > 55) await new Promise((resolve) => setTimeout(resolve, (61 - seconds) * 1000));
    const used = (await queryRows<{ used: number }>(database.db, sql`select coalesce(sum(used), 0)::int as used from integration_rate_windows where window_start = date_trunc('minute', now())`))[0]!.used;
    const fits = 8 - used;
    const reports = Array.from({ length: fits }, (_, i) => report(`rl-${i}`, { reported_id: 'sam', category: 'spam' }));
    expect((await handleReportIntake(database.db, post('/api/v1/reports/batch', { reports }, secret), 'batch')).status).toBe(200);
    const before = await storedReports();
    const refused = await handleReportIntake(database.db, post('/api/v1/reports', report('rl-over'), secret), 'single');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await storedReports()).toBe(before);

    const admin = await makeStaff(database.db, 'admin');
    await revokeIntegrationToken(ctxOf(database.db, admin), tokenId);
    expect((await handleReportIntake(database.db, post('/api/v1/reports', report('after-revoke'), secret), 'single')).status).toBe(401);
  });
});
