import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '@/db/schema';
import { keyIdOf, type AuditAnchor } from '@/lib/audit/checkpoint-format';
import { AUDIT_CSV_COLUMNS, exportAuditCsv, exportAuditSelection } from '@/lib/audit/export-view';
import { appendAudit } from '@/lib/audit/log';
import { describeSelectionCheck, verifySelectionExport } from '@/lib/audit/offline';
import { listAuditEntries, type AuditFilter } from '@/lib/audit/query';
import type { StaffActor } from '@/lib/auth/session';
import { ctxOf } from '../helpers/context';
import { openTestDatabase, testEngine, type TestDatabase } from '../helpers/db';
import { auditCount, makeStaff } from '../helpers/staff';

function makeAnchor(checkpointDir: string): AuditAnchor {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKey, publicKey, keyId: keyIdOf(publicKey), checkpointDir };
}

async function* linesOf(text: string) {
  yield* text.split('\n');
}

describe(`exporting a filtered view of the audit log on ${testEngine()}`, () => {
  let database: TestDatabase;
  let admin: StaffActor;
  let moderator: StaffActor;
  let folder: string;
  let anchor: AuditAnchor;
  const filter: AuditFilter = { actions: 'triage.*', q: 'spam' };

  beforeAll(async () => {
    database = await openTestDatabase();
    folder = mkdtempSync(path.join(tmpdir(), 'lookout-view-export-'));
    anchor = makeAnchor(path.join(folder, 'checkpoints'));
    admin = await makeStaff(database.db, 'admin');
    moderator = await makeStaff(database.db, 'moderator', { name: '=cmd|calc' });
    await database.db.transaction(async (tx) => {
      for (let i = 0; i < 70; i++) {
        await appendAudit(tx, {
          actor: moderator,
          action: i % 2 ? 'triage.dismiss' : 'triage.resolve',
          targetType: 'queue_item',
          targetId: `item-${i}`,
          changes: { reportedId: `acc_${i}`, from: 'open', to: i % 2 ? 'dismissed' : 'resolved' },
          reason: i % 3 === 0 ? `=HYPERLINK("http://evil.example","spam ${i}")` : `spam wave ${i}`,
        });
        await appendAudit(tx, { actor: moderator, action: 'account.view', targetType: 'account', targetId: `acc_${i}` });
      }
    });
  });
  afterAll(async () => {
    await database?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('writes exactly the entries of the view as CSV, every page of them, with formulas kept as text, and records the export', async () => {
    const pages = [];
    let page = await listAuditEntries(ctxOf(database.db, admin), { ...filter, pageSize: 50 });
    pages.push(...page.entries);
    while (page.olderThan) {
      page = await listAuditEntries(ctxOf(database.db, admin), { ...filter, pageSize: 50, before: page.olderThan });
      pages.push(...page.entries);
    }
    expect(pages).toHaveLength(70);

    const before = await auditCount(database.db);
    const { csv, entries } = await exportAuditCsv(ctxOf(database.db, admin, { requestAddress: '10.9.8.7' }), { filter });
    expect(entries).toBe(70);
    const rows = parse(csv) as string[][];
    expect(rows[0]).toEqual([...AUDIT_CSV_COLUMNS]);
    expect(rows.slice(1).map((row) => Number(row[0]))).toEqual(pages.map((entry) => entry.seq));
    const first = rows[1]!;
    const column = (name: (typeof AUDIT_CSV_COLUMNS)[number]) => first[AUDIT_CSV_COLUMNS.indexOf(name)];
    expect(column('actor')).toBe("'=cmd|calc");
    expect(rows.some((row) => row[AUDIT_CSV_COLUMNS.indexOf('reason')]!.startsWith('\'=HYPERLINK'))).toBe(true);
    expect(column('what_changed')).toMatch(/^Status: open → (dismissed|resolved); Reported id: acc_69$/);

    expect(await auditCount(database.db)).toBe(before + 1);
    const [entry] = await database.db.select().from(auditLog).orderBy(sql`seq desc`).limit(1);
    expect(entry).toMatchObject({ action: 'audit.export', actorId: admin.id, requestAddress: '10.9.8.7', changes: { format: 'csv', filters: filter, entries: 70 } });
  });

  it('signs the same view as NDJSON that checks offline, and names the line of any edit, removal or wrong key', async () => {
    const { ndjson, entries, checkpoint } = await exportAuditSelection(ctxOf(database.db, admin), { filter, anchor });
    expect(entries).toBe(70);
    const lines = ndjson.trimEnd().split('\n');
    expect(lines).toHaveLength(72);
    expect(JSON.parse(lines[0]!)).toMatchObject({ type: 'selection', filters: filter, entries: 70, head: { seq: checkpoint.seq } });
    const [latest] = await database.db.select().from(auditLog).orderBy(sql`seq desc`).limit(1);
    expect(latest).toMatchObject({ action: 'audit.export', seq: checkpoint.seq, changes: { format: 'ndjson', entries: 70 } });

    const ok = await verifySelectionExport(linesOf(ndjson), anchor.publicKey);
    expect(describeSelectionCheck('view.ndjson', ok)).toMatch(/^audit view export intact: 70 entries \(actions=triage\.\*, q=spam\), signed .* by key [0-9a-f]{16}; the log's head then was seq \d+$/);

    const edited = [...lines];
    edited[5] = edited[5]!.replace('spam wave', 'ham wave');
    expect(await verifySelectionExport(linesOf(edited.join('\n')), anchor.publicKey)).toMatchObject({ ok: false, line: 6, problem: expect.stringMatching(/does not match its hash/) });

    const removed = lines.filter((_, index) => index !== 3);
    expect(await verifySelectionExport(linesOf(removed.join('\n')), anchor.publicKey)).toMatchObject({ ok: false, problem: expect.stringMatching(/names 70 entries, the file holds 69/) });

    const widened = JSON.parse(lines[0]!) as { filters: Record<string, string> };
    widened.filters = { actions: 'triage.resolve' };
    expect(await verifySelectionExport(linesOf([JSON.stringify(widened), ...lines.slice(1)].join('\n')), anchor.publicKey)).toMatchObject({ ok: false, line: 1 });

    const other = makeAnchor(folder);
    expect(await verifySelectionExport(linesOf(ndjson), other.publicKey)).toMatchObject({ ok: false, line: 1, problem: expect.stringMatching(/not signed by the given key/) });
  });

  it('refuses a signed export without a key, and any export to a non-admin, writing nothing', async () => {
    const before = await auditCount(database.db);
    await expect(exportAuditSelection(ctxOf(database.db, admin), { filter, anchor: null })).rejects.toMatchObject({ code: 'unavailable' });
    await expect(exportAuditCsv(ctxOf(database.db, moderator), { filter })).rejects.toMatchObject({ code: 'forbidden' });
    expect(await auditCount(database.db)).toBe(before);
  });
});
