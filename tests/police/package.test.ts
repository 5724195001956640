import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { eq, sql } from 'drizzle-orm';
import JSZip from 'jszip';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { accounts, birthdateChanges, blocks, contacts, disclosurePackages, policeRequests, policeRequestTargets } from '@/db/schema';
import type { DataCategory } from '@/lib/police/contract';
import { rangeBounds } from '@/lib/police/deadlines';
import { approvalSchema, approveRequest } from '@/lib/police/legal';
import { buildPackage, downloadPackage, releasePackage, type Manifest } from '@/lib/police/package';
import { recordVerification } from '@/lib/police/verification';
import { transitionRequest } from '@/lib/police/workflow';
import { openTestDatabase } from '../helpers/db';
import { attachLegalProcess, expectOneAudit, expectRefusedWithoutAudit, recordRequest, seedStaff, type StaffActor } from './helpers';
import { loadGenerated, type Population } from './population';
import { ctxOf } from '../helpers/context';

let database: Database;
let people: Awaited<ReturnType<typeof seedStaff>>;
let population: Population;
let produced: string[];
let excluded: string;

// The generated population is busiest in 2026; the range crosses both UK clock changes of that year.
const RANGE = { rangeFrom: '2026-03-01', rangeTo: '2026-10-20' };
const { from: FROM, to: TO } = rangeBounds(RANGE.rangeFrom, RANGE.rangeTo, 'Europe/London');
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

beforeAll(async () => {
  database = await openTestDatabase();
  people = await seedStaff(database.db);
  population = await loadGenerated(database, { accounts: 300, seed: 'police-scope' });
  // The four accounts with the most conversations: three are produced, one is named but refused.
  const degree = new Map<string, number>();
  for (const c of population.contacts) for (const id of [c.accountLo, c.accountHi]) degree.set(id, (degree.get(id) ?? 0) + 1);
  const busiest = [...degree.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([id]) => id);
  produced = busiest.slice(0, 3).sort();
  excluded = busiest[3]!;
  // Rows exactly on and around the range's edges, for the first produced account.
  const edge = produced[0]!;
  const ms = (date: Date, delta: number) => new Date(date.getTime() + delta);
  await database.db.insert(accounts).values(['edge-1', 'edge-2', 'edge-3', 'edge-4', 'edge-5'].map((id) => ({ accountId: id, username: id, createdAt: new Date('2020-01-01T00:00:00Z') })));
  const planted = {
    blocks: [
      { blockerId: 'edge-1', blockedId: edge, blockedAt: ms(FROM, -1) },
      { blockerId: 'edge-2', blockedId: edge, blockedAt: FROM },
      { blockerId: edge, blockedId: 'edge-3', blockedAt: ms(TO, -1) },
      { blockerId: edge, blockedId: 'edge-4', blockedAt: TO },
    ],
    contacts: [
      [ms(FROM, -5_000), ms(FROM, -1)], // ends just before: out
      [ms(FROM, -5_000), FROM], // touches the start: partly
      [FROM, ms(TO, -1)], // wholly inside
      [ms(TO, -1), ms(TO, 5_000)], // starts on the last instant: partly
      [TO, ms(TO, 5_000)], // starts at the end: out
    ].map(([first, last], i) => ({
      accountLo: edge < `edge-${i + 1}` ? edge : `edge-${i + 1}`,
      accountHi: edge < `edge-${i + 1}` ? `edge-${i + 1}` : edge,
      initiatorId: edge,
      recipientId: `edge-${i + 1}`,
      firstContactAt: first!,
      lastContactAt: last!,
      messagesFromInitiator: 7,
      messagesFromRecipient: 3,
      mediaFromInitiator: 1,
      mediaFromRecipient: 0,
    })),
  };
  // The generator makes few birthdate changes: give each produced account one inside and one outside the range.
  const changes = produced.flatMap((accountId) => [
    { accountId, changedAt: ms(FROM, 60_000), oldBirthdate: '1980-01-01', newBirthdate: '2011-01-01' },
    { accountId, changedAt: ms(TO, 0), oldBirthdate: '2011-01-01', newBirthdate: '1980-01-01' },
  ]);
  await database.db.insert(blocks).values(planted.blocks);
  await database.db.insert(contacts).values(planted.contacts);
  await database.db.insert(birthdateChanges).values(changes);
  population.blocks.push(...planted.blocks);
  population.contacts.push(...planted.contacts);
  population.birthdateChanges.push(...changes);
});
afterAll(async () => database?.close());

/** Records, verifies and approves a UK request naming the produced accounts, the refused one and an unknown name. */
async function approvedRequest(approvedCategories: DataCategory[], actor: StaffActor = people.liaison) {
  const { id } = await recordRequest(database.db, actor, { ...RANGE, targets: [...produced, excluded, 'no_such_member'].join('\n') });
  await transitionRequest(ctxOf(database.db, actor), { requestId: id, to: 'verifying', reason: 'check' });
  await recordVerification(ctxOf(database.db, actor), { requestId: id, method: 'official_email_domain', contactUsed: 'met.police.uk', notes: undefined });
  await transitionRequest(ctxOf(database.db, actor), { requestId: id, to: 'legal_review', reason: 'verified' });
  await attachLegalProcess(database.db, actor, id);
  const targets = await database.db.select().from(policeRequestTargets).where(eq(policeRequestTargets.requestId, id));
  await approveRequest(
    ctxOf(database.db, actor),
    approvalSchema.parse({
      requestId: id,
      approvedCategories,
      decisions: targets
        .filter((t) => t.accountId)
        .map((t) => ({ targetId: t.id, decision: produced.includes(t.accountId!) ? 'produce' : 'do_not_produce', reason: produced.includes(t.accountId!) ? undefined : 'victim, not suspect' })),
      reason: 'authorisation in order',
    }),
  );
  return id;
}

/** The zip as stored: drafts never download, the tests read what was built. */
async function storedZip(packageId: string): Promise<Buffer> {
  const [row] = await database.db.select({ zip: disclosurePackages.zip }).from(disclosurePackages).where(eq(disclosurePackages.id, packageId));
  return row!.zip;
}

async function unzip(bytes: Buffer) {
  const zip = await JSZip.loadAsync(bytes);
  const files = new Map<string, Buffer>();
  for (const name of Object.keys(zip.files).filter((name) => !zip.files[name]!.dir)) files.set(name, await zip.files[name]!.async('nodebuffer'));
  const manifest = JSON.parse(files.get('manifest.json')!.toString('utf8')) as Manifest;
  const csv = (path: string) => parse(files.get(path)!, { columns: true }) as Record<string, string>[];
  return { files, manifest, csv };
}

const inRange = (date: Date) => date >= FROM && date < TO;

describe('disclosure package scope', () => {
  it('contains exactly the approved accounts, categories and dates, and nothing else', async () => {
    const requestId = await approvedRequest(['subscriber', 'non_content']);
    const built = await expectOneAudit(database.db, 'disclosure_package.build', () => buildPackage(ctxOf(database.db, people.liaison), { requestId }));
    const zip = await storedZip(built.id);
    expect(sha256(zip)).toBe(built.sha256);
    const { files, manifest, csv } = await unzip(zip);

    // The manifest lists every other file with its true hash and size.
    expect([...files.keys()].sort()).toEqual([...manifest.files.map((f) => f.path), 'manifest.json'].sort());
    for (const entry of manifest.files) {
      expect(sha256(files.get(entry.path)!)).toBe(entry.sha256);
      expect(files.get(entry.path)!.length).toBe(entry.bytes);
    }
    expect(manifest.scope.accounts).toEqual(produced);

    // Subscriber: the produced accounts' records, and birthdate changes inside the range only.
    expect(csv('subscriber/accounts.csv').map((row) => row.account_id)).toEqual(produced);
    expect(csv('subscriber/accounts.csv')[0]).not.toHaveProperty('device_cluster');
    const changes = csv('subscriber/birthdate_changes.csv');
    const expectedChanges = population.birthdateChanges.filter((c) => produced.includes(c.accountId) && inRange(c.changedAt));
    expect(expectedChanges.length).toBeGreaterThan(0);
    expect(changes).toHaveLength(expectedChanges.length);
    for (const row of changes) {
      expect(produced).toContain(row.account_id);
      expect(inRange(new Date(row.changed_at!))).toBe(true);
    }

    // Non-content: conversations active in the range; out-of-range times blank, totals only for whole ones.
    const contactRows = csv('non_content/contacts.csv');
    const expectedContacts = population.contacts.flatMap((c) =>
      c.firstContactAt < TO && c.lastContactAt >= FROM ? [c.accountLo, c.accountHi].filter((id) => produced.includes(id)).map((id) => ({ id, c })) : [],
    );
    expect(contactRows).toHaveLength(expectedContacts.length);
    // The population has conversations of these accounts on both sides of the range: the filter had work to do.
    const allOfTheirs = population.contacts.filter((c) => produced.includes(c.accountLo) || produced.includes(c.accountHi));
    expect(contactRows.length).toBeGreaterThan(5);
    expect(allOfTheirs.length).toBeGreaterThan(contactRows.length);
    expect(contactRows.some((row) => row.within_range === 'whole')).toBe(true);
    for (const row of contactRows) {
      expect(produced).toContain(row.account_id);
      for (const time of [row.first_contact_at, row.last_contact_at]) if (time) expect(inRange(new Date(time))).toBe(true);
      const source = population.contacts.find(
        (c) => [c.accountLo, c.accountHi].sort().join() === [row.account_id, row.counterpart_account_id].sort().join(),
      )!;
      const whole = inRange(source.firstContactAt) && inRange(source.lastContactAt);
      expect(row.within_range).toBe(whole ? 'whole' : 'partly');
      expect(row.messages_from_account === '').toBe(!whole);
      if (whole && source.initiatorId === row.account_id) expect(Number(row.messages_from_account)).toBe(source.messagesFromInitiator);
    }
    const edgeRows = contactRows.filter((row) => row.account_id === produced[0] && row.counterpart_account_id!.startsWith('edge-'));
    expect(edgeRows.map((row) => [row.counterpart_account_id, row.within_range])).toEqual([
      ['edge-2', 'partly'],
      ['edge-3', 'whole'],
      ['edge-4', 'partly'],
    ]);

    const blockRows = csv('non_content/blocks.csv');
    const expectedBlocks = population.blocks.flatMap((b) =>
      inRange(b.blockedAt) ? [b.blockerId, b.blockedId].filter((id) => produced.includes(id)) : [],
    );
    expect(blockRows).toHaveLength(expectedBlocks.length);
    expect(blockRows.length).toBeGreaterThan(3);
    for (const row of blockRows) {
      expect(produced).toContain(row.account_id);
      expect(inRange(new Date(row.blocked_at!))).toBe(true);
    }
    expect(blockRows.filter((row) => row.counterpart_account_id!.startsWith('edge-')).map((row) => row.counterpart_account_id)).toEqual(['edge-2', 'edge-3']);

    // The refused account is never the subject of a row (it may appear only as someone's counterpart).
    for (const path of manifest.files.map((f) => f.path).filter((p) => p.endsWith('.csv'))) {
      expect(csv(path).some((row) => row.account_id === excluded)).toBe(false);
    }
    const letter = await PDFDocument.load(files.get('cover-letter.pdf')!);
    expect(letter.getTitle()).toMatch(/^Lawful disclosure LR-\d{6} v1$/);
  });

  it('leaves out categories the legal review did not approve', async () => {
    const requestId = await approvedRequest(['non_content']);
    const built = await buildPackage(ctxOf(database.db, people.liaison), { requestId });
    const { files } = await unzip(await storedZip(built.id));
    expect([...files.keys()].sort()).toEqual(['cover-letter.pdf', 'manifest.json', 'non_content/blocks.csv', 'non_content/contacts.csv']);
  });

  it('is only built for approved requests, by liaison or admin', async () => {
    const { id } = await recordRequest(database.db, people.liaison, { ...RANGE, targets: produced[0] });
    await expectRefusedWithoutAudit(database.db, () => buildPackage(ctxOf(database.db, people.liaison), { requestId: id }), /is built for an approved request; LR-\d+ is received/);
    const approved = await approvedRequest(['subscriber']);
    await expectRefusedWithoutAudit(database.db, () => buildPackage(ctxOf(database.db, people.moderator), { requestId: approved }), /may not disclosures:prepare/);
  });
});

describe('four-eyes release', () => {
  it('the preparer is refused; a second liaison releases; then it is immutable and a correction is a new version', async () => {
    const requestId = await approvedRequest(['subscriber', 'non_content']);
    const draft = await buildPackage(ctxOf(database.db, people.liaison), { requestId });
    await expectRefusedWithoutAudit(
      database.db,
      () => releasePackage(ctxOf(database.db, people.liaison), { packageId: draft.id, reason: undefined }),
      /you prepared this package: a second liaison or admin must release it/,
    );
    const [stillDraft] = await database.db.select({ status: disclosurePackages.status }).from(disclosurePackages).where(eq(disclosurePackages.id, draft.id));
    expect(stillDraft!.status).toBe('draft');
    await expectRefusedWithoutAudit(database.db, () => releasePackage(ctxOf(database.db, people.moderator), { packageId: draft.id, reason: undefined }), /may not disclosures:release/);

    const released = await expectOneAudit(database.db, 'disclosure_package.release', () =>
      releasePackage(ctxOf(database.db, people.liaison2), { packageId: draft.id, reason: 'checked against the order' }),
    );
    expect(released).toMatchObject({ status: 'released', releasedBy: people.liaison2.id });
    const [request] = await database.db.select().from(policeRequests).where(eq(policeRequests.id, requestId));
    expect(request!.status).toBe('disclosed');

    await expectRefusedWithoutAudit(database.db, () => releasePackage(ctxOf(database.db, people.admin), { packageId: draft.id, reason: undefined }), /already released; a correction is a new version/);
    await expect(database.db.execute(sql`update disclosure_packages set sha256 = 'x' where id = ${draft.id}`)).rejects.toThrow();
    await expect(database.db.execute(sql`delete from disclosure_packages where id = ${draft.id}`)).rejects.toThrow();

    const correction = await buildPackage(ctxOf(database.db, people.admin), { requestId });
    expect(correction.version).toBe(2);
    await releasePackage(ctxOf(database.db, people.liaison2), { packageId: correction.id, reason: 'corrected' });
    const download = await expectOneAudit(database.db, 'disclosure_package.download', () =>
      downloadPackage(ctxOf(database.db, people.liaison2, { requestAddress: '203.0.113.9' }), { packageId: correction.id }),
    );
    expect(download.filename).toMatch(/^LR-\d{6}-v2\.zip$/);
  });

  it('only the newest draft can be released', async () => {
    const requestId = await approvedRequest(['subscriber']);
    const first = await buildPackage(ctxOf(database.db, people.liaison), { requestId });
    await buildPackage(ctxOf(database.db, people.liaison), { requestId });
    await expectRefusedWithoutAudit(database.db, () => releasePackage(ctxOf(database.db, people.liaison2), { packageId: first.id, reason: undefined }), /version 1 is superseded by version 2/);
  });
});
