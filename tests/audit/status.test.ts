import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, auditVerifications } from '@/db/schema';
import { describeAnchoredCheck, verifyAnchoredAudit } from '@/lib/audit/anchored';
import { keyIdOf, type AuditAnchor } from '@/lib/audit/checkpoint-format';
import { appendAudit } from '@/lib/audit/log';
import { loadChainStatus } from '@/lib/audit/status';
import type { StaffActor } from '@/lib/auth/session';
import { ctxOf } from '../helpers/context';
import { openTestDatabase, testEngine, type TestDatabase } from '../helpers/db';
import { makeStaff } from '../helpers/staff';

const system = { type: 'system', name: 'test' } as const;

describe(`the chain status in the app on ${testEngine()}`, () => {
  let database: TestDatabase;
  let folder: string;
  let anchor: AuditAnchor;
  let admin: StaffActor;

  const append = (n: number, what = 'test.entry') =>
    database.db.transaction(async (tx) => {
      for (let i = 0; i < n; i++) await appendAudit(tx, { actor: system, action: what, targetType: 'thing', targetId: `t${i}`, changes: { i } });
    });
  /** As the tables' owner with the triggers off: what an insider with the owner's rights can do. */
  const asInsider = (statement: ReturnType<typeof sql>) =>
    database.owner.transaction(async (tx) => {
      await tx.execute(sql`alter table audit_log disable trigger user`);
      await tx.execute(statement);
      await tx.execute(sql`alter table audit_log enable trigger user`);
    });
  const verify = (mode: 'full' | 'incremental') => verifyAnchoredAudit(ctxOf(database.db, admin), { anchor, mode });
  const status = () => loadChainStatus(ctxOf(database.db, admin), { anchor });

  beforeAll(async () => {
    database = await openTestDatabase();
    folder = mkdtempSync(path.join(tmpdir(), 'lookout-status-'));
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    anchor = { privateKey, publicKey, keyId: keyIdOf(publicKey), checkpointDir: path.join(folder, 'checkpoints') };
    admin = await makeStaff(database.db, 'admin');
  });
  afterAll(async () => {
    await database?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('shows "not verified yet" until someone verifies, then what the check found, when, by whom, and the checkpoint signed after it', async () => {
    await append(20);
    expect(await status()).toMatchObject({ state: 'never', latest: null, head: { seq: 20 } });
    const full = await verify('full');
    expect(full).toMatchObject({ ok: true, mode: 'full', entries: 20, checkpoint: { seq: 21 } });
    expect(await status()).toMatchObject({
      state: 'intact',
      checkpointSigned: true,
      uncheckedEntries: 0,
      latest: { mode: 'full', ok: true, fromSeq: 1, toSeq: 20, entriesChecked: 20, actorId: admin.id, actorEmail: admin.email, auditSeq: 21, checkpointSeq: 21, checkpointKeyId: anchor.keyId },
    });
  });

  it('verifies incrementally from the last passing verification’s signed checkpoint', async () => {
    await append(5);
    expect((await status()).uncheckedEntries).toBe(5);
    const incremental = await verify('incremental');
    // From the checkpoint at 21 (the first verification's own entry) to 26: six entries, not 26.
    expect(incremental).toMatchObject({ ok: true, mode: 'incremental', fromSeq: 21, entries: 6, lastSeq: 26 });
    expect(describeAnchoredCheck(incremental)).toMatch(/^audit chain intact: 6 entries checked since the last verification \(seq 21–26\); matches the checkpoint at seq 21 /);
    expect((await status()).latest).toMatchObject({ mode: 'incremental', fromSeq: 21, toSeq: 26, checkpointSeq: 27 });
  });

  it('turns red naming the first bad entry when a row is altered behind the trigger, and stays red until a full check passes', async () => {
    await append(4);
    const head = (await status()).head!.seq;
    const victim = head - 1;
    const [original] = await database.db.select({ changes: auditLog.changes }).from(auditLog).where(eq(auditLog.seq, victim));
    await asInsider(sql`update audit_log set changes = '{"i": "quietly changed"}'::jsonb where seq = ${victim}`);
    const broken = await verify('incremental');
    expect(broken).toMatchObject({ ok: false, mode: 'incremental', seq: victim, checkpoint: null });
    expect(describeAnchoredCheck(broken)).toBe(`audit chain broken at seq ${victim}: its contents do not match its hash (altered)`);
    const red = await status();
    expect(red).toMatchObject({ state: 'broken', latest: { ok: false, failedSeq: victim, problem: 'its contents do not match its hash (altered)' } });
    expect(red.lastPassed?.mode).toBe('incremental');

    // "Verify new entries" after a failure checks from the start, so it cannot step over the break.
    expect(await verify('incremental')).toMatchObject({ ok: false, mode: 'full', seq: victim });

    await asInsider(sql`update audit_log set changes = ${JSON.stringify(original!.changes)}::jsonb where seq = ${victim}`);
    expect(await verify('full')).toMatchObject({ ok: true, mode: 'full' });
    expect((await status()).state).toBe('intact');
  });

  it('leaves rows before its start to the full check, but catches a rewritten and re-hashed history at its start', async () => {
    // An in-place edit of an old row (no re-hash) is outside an incremental walk; a full check names it.
    await asInsider(sql`update audit_log set reason = 'edited later' where seq = 3`);
    expect(await verify('incremental')).toMatchObject({ ok: true, mode: 'incremental' });
    expect(await verify('full')).toMatchObject({ ok: false, seq: 3 });
    await asInsider(sql`update audit_log set reason = null where seq = 3`);
    expect(await verify('full')).toMatchObject({ ok: true });
    // Changing the entry the last checkpoint vouches for is caught at once.
    const start = (await status()).latest!.checkpointSeq!;
    await asInsider(sql`update audit_log set hash = ${'f'.repeat(64)} where seq = ${start}`);
    expect(describeAnchoredCheck(await verify('incremental'))).toMatch(new RegExp(`^audit chain broken at seq ${start}: it no longer matches the hash the checkpoint signed after the verification of .* vouched for \\(altered\\)$`));
  });

  it('keeps every verification, and refuses anyone but an admin', async () => {
    const rows = await database.db.select().from(auditVerifications);
    expect(rows.length).toBeGreaterThanOrEqual(8);
    const moderator = await makeStaff(database.db, 'moderator');
    await expect(verifyAnchoredAudit(ctxOf(database.db, moderator), { anchor })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(loadChainStatus(ctxOf(database.db, moderator), { anchor })).rejects.toMatchObject({ code: 'forbidden' });
  });
});
