import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '@/db/client';
import { auditLog } from '@/db/schema';
import { checkAnchoredChain, describeAnchoredCheck, verifyAnchoredAudit } from '@/lib/audit/anchored';
import { keyIdOf, signCheckpoint, type AuditAnchor } from '@/lib/audit/checkpoint-format';
import { entryHash, GENESIS_HASH, appendAudit, type AuditRow } from '@/lib/audit/log';
import { openTestDatabase, testEngine, type TestDatabase } from '../helpers/db';
import { makeStaff } from '../helpers/staff';

function makeAnchor(checkpointDir: string): AuditAnchor {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKey, publicKey, keyId: keyIdOf(publicKey), checkpointDir };
}

describe(`anchored audit verification on ${testEngine()}`, () => {
  let database: TestDatabase;
  let folder: string;
  let anchor: AuditAnchor;
  const system = { type: 'system', name: 'test' } as const;
  const ctx = (actor: Awaited<ReturnType<typeof makeStaff>>) => ({ db: database.db, actor, requestAddress: null, now: new Date() });
  const append = (n: number) =>
    database.db.transaction(async (tx) => {
      for (let i = 0; i < n; i++) await appendAudit(tx, { actor: system, action: 'test.entry', targetType: 'thing', changes: { i } });
    });
  /** As the owner with the triggers off: what an insider with the owner's rights can do. */
  const asInsider = (statement: ReturnType<typeof sql>) =>
    database.owner.transaction(async (tx) => {
      await tx.execute(sql`alter table audit_log disable trigger user`);
      await tx.execute(sql`alter table audit_checkpoints disable trigger user`);
      await tx.execute(statement);
      await tx.execute(sql`alter table audit_checkpoints enable trigger user`);
      await tx.execute(sql`alter table audit_log enable trigger user`);
    });

  beforeAll(async () => {
    database = await openTestDatabase();
    folder = mkdtempSync(path.join(tmpdir(), 'lookout-anchor-'));
  });
  afterAll(async () => {
    await database?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('signs a checkpoint at every verification, in the table and in the folder, and finds it next time', async () => {
    anchor = makeAnchor(path.join(folder, 'checkpoints'));
    const admin = await makeStaff(database.db, 'admin');
    await append(5);
    const first = await verifyAnchoredAudit(ctx(admin), { anchor });
    expect(describeAnchoredCheck(first)).toBe('audit chain intact: 5 entries (seq 1–5); no earlier checkpoint found, anchored from now on');
    expect(first.checkpoint).toMatchObject({ seq: 6, keyId: anchor.keyId });
    const [rows] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from audit_checkpoints`);
    expect(rows!.n).toBe(1);

    const second = await verifyAnchoredAudit(ctx(admin), { anchor });
    expect(describeAnchoredCheck(second)).toMatch(/^audit chain intact: 6 entries \(seq 1–6\); matches the checkpoint at seq 6 signed .* by key [0-9a-f]{16} \(.*checkpoints-\d{4}-\d{2}-\d{2}\.ndjson:1\)$/);
  });

  it('names the gap when the newest entries and every checkpoint row are deleted', async () => {
    const head = (await checkAnchoredChain(database.db, anchor)) as { lastSeq: number };
    expect(head.lastSeq).toBe(7);
    // The newest checkpoint (written by the second verification) is at seq 7.
    await asInsider(sql`delete from audit_log where seq > 4`);
    await asInsider(sql`delete from audit_checkpoints`);
    const result = await checkAnchoredChain(database.db, anchor);
    expect(result).toMatchObject({ ok: false, seq: 5 });
    expect(describeAnchoredCheck(result)).toMatch(/^audit chain broken at seq 5: audit entries 5–7 are missing: checkpoint at seq 7 signed .* by key [0-9a-f]{16} \(.*ndjson:2\)$/);
  });

  it('names a rewritten, re-hashed history that a checkpoint vouched for otherwise', async () => {
    // A fresh log and folder: seven entries, anchored, then rewritten from entry 2 onwards with
    // every hash recomputed, so the chain on its own still verifies.
    anchor = makeAnchor(path.join(folder, 'rewrite'));
    await asInsider(sql`delete from audit_log`);
    await append(7);
    const admin = await makeStaff(database.db, 'admin');
    await verifyAnchoredAudit(ctx(admin), { anchor });
    const rows = await database.owner.select().from(auditLog).orderBy(auditLog.seq);
    let prevHash = GENESIS_HASH;
    const rewritten: AuditRow[] = rows.map((row) => {
      const changes = row.seq === 2 ? { i: 'quietly changed' } : row.changes;
      const entry = { ...row, changes, prevHash };
      const hash = entryHash(entry);
      prevHash = hash;
      return { ...entry, hash };
    });
    await asInsider(sql`delete from audit_log`);
    await database.owner.insert(auditLog).values(rewritten);
    await asInsider(sql`delete from audit_checkpoints`);
    const result = await checkAnchoredChain(database.db, anchor);
    expect(describeAnchoredCheck(result)).toMatch(
      /^audit chain broken at seq 8: it is not the entry the checkpoint at seq 8 signed .* vouches for: the history was rewritten$/,
    );
  });

  it('refuses a checkpoint line signed by another key, naming its file and line', async () => {
    const other = makeAnchor(anchor.checkpointDir);
    // One day's file: the verification above ran a moment ago.
    const file = path.join(anchor.checkpointDir, readdirSync(anchor.checkpointDir)[0]!);
    const forged = signCheckpoint(other, { seq: 1, hash: 'f'.repeat(64) }, new Date());
    writeFileSync(file, `${readFileSync(file, 'utf8')}${JSON.stringify(forged)}\n`);
    const result = await checkAnchoredChain(database.db, anchor);
    expect(describeAnchoredCheck(result)).toBe(`audit chain broken at seq 1: the checkpoint in ${file}:2 is not signed by this key (${anchor.keyId})`);
  });
});
