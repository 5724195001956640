import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '@/db/client';
import { appendAudit } from '@/lib/audit/log';
import { checkAuditChain } from '@/lib/audit/verify';
import { openTestDatabase, testEngine, type TestDatabase } from '../helpers/db';

const system = { type: 'system', name: 'test' } as const;

describe(`audit chain on ${testEngine()}`, () => {
  let database: TestDatabase;
  const db = () => database.db;
  beforeAll(async () => {
    database = await openTestDatabase();
    for (let i = 0; i < 5; i++) {
      await db().transaction((tx) => appendAudit(tx, { actor: system, action: 'test.seed', targetType: 'thing', targetId: `t${i}`, changes: { i } }));
    }
  });
  afterAll(async () => database?.close());

  /** Edits the log behind the triggers' back, as the tables' owner could (lookout_app cannot). */
  async function tamper(statement: ReturnType<typeof sql>) {
    await database.owner.transaction(async (tx) => {
      await tx.execute(sql`alter table audit_log disable trigger user`);
      await tx.execute(statement);
      await tx.execute(sql`alter table audit_log enable trigger user`);
    });
  }

  it('refuses UPDATE, DELETE and TRUNCATE in the database itself, even to the owner while its triggers are on', async () => {
    // drizzle wraps the database's error; the trigger's message is in its cause. (lookout_app is
    // refused before the trigger: it holds no UPDATE, DELETE or TRUNCATE grant; tests/db/roles.test.ts.)
    const refusal = (statement: ReturnType<typeof sql>) =>
      database.owner
        .execute(statement)
        .then(
          () => 'accepted',
          (error: Error) => String((error.cause as Error | undefined)?.message),
        );
    expect(await refusal(sql`update audit_log set reason = 'x' where seq = 1`)).toBe('audit_log is append-only: UPDATE refused');
    expect(await refusal(sql`delete from audit_log where seq = 1`)).toBe('audit_log is append-only: DELETE refused');
    expect(await refusal(sql`truncate audit_log`)).toBe('audit_log is append-only: TRUNCATE refused');
    expect(await checkAuditChain(db())).toMatchObject({ ok: true, entries: 5, lastSeq: 5 });
  });

  it('names an altered entry, and is whole again once it is put back', async () => {
    const [original] = await queryRows<{ changes: unknown }>(db(), sql`select changes from audit_log where seq = 3`);
    await tamper(sql`update audit_log set changes = '{"i": 99}'::jsonb where seq = 3`);
    expect(await checkAuditChain(db())).toEqual({ ok: false, entries: 2, seq: 3, problem: 'its contents do not match its hash (altered)' });
    await tamper(sql`update audit_log set changes = ${JSON.stringify(original!.changes)}::jsonb where seq = 3`);
    expect((await checkAuditChain(db())).ok).toBe(true);
  });

  it('names the entry after a removed one', async () => {
    const [removed] = await queryRows<Record<string, unknown>>(db(), sql`select * from audit_log where seq = 2`);
    await tamper(sql`delete from audit_log where seq = 2`);
    expect(await checkAuditChain(db())).toMatchObject({ ok: false, seq: 3, problem: 'expected seq 2 next: entries are missing before it' });
    await tamper(sql`insert into audit_log select * from json_populate_record(null::audit_log, ${JSON.stringify(removed)}::json)`);
    expect((await checkAuditChain(db())).ok).toBe(true);
  });

  it('names a re-hashed entry whose successor no longer links to it', async () => {
    // A careful forger recomputes the altered entry's own hash; the next entry's prev_hash still betrays it.
    await tamper(sql`update audit_log set hash = repeat('a', 64) where seq = 4`);
    const result = await checkAuditChain(db());
    expect(result).toMatchObject({ ok: false, seq: 4 });
    await tamper(sql`update audit_log set hash = (select prev_hash from audit_log where seq = 5) where seq = 4`);
    expect((await checkAuditChain(db())).ok).toBe(true);
  });

  it('keeps one unbroken chain under 100 concurrent appends', async () => {
    // On PostgreSQL these run on separate pool connections in parallel; the advisory lock serialises them.
    await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        db().transaction((tx) => appendAudit(tx, { actor: system, action: 'test.concurrent', targetType: 'thing', targetId: `c${i}` })),
      ),
    );
    expect(await checkAuditChain(db())).toMatchObject({ ok: true, entries: 105, lastSeq: 105 });
    const [counts] = await queryRows<{ n: number; distinct_prev: number }>(
      db(),
      sql`select count(*)::int as n, count(distinct prev_hash)::int as distinct_prev from audit_log`,
    );
    expect(counts).toEqual({ n: 105, distinct_prev: 105 });
  });

  it('reads a long chain in batches', async () => {
    await db().transaction(async (tx) => {
      for (let i = 0; i < 1100; i++) await appendAudit(tx, { actor: system, action: 'test.bulk', targetType: 'thing' });
    });
    expect(await checkAuditChain(db())).toMatchObject({ ok: true, entries: 1205, lastSeq: 1205 });
  });
});
