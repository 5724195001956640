import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, type Database } from '@/db/client';
import { accounts } from '@/db/schema';
import { actOnItem } from '@/lib/triage/actions';
import { applyBulk, bulkApplyInput, bulkPreviewInput, previewBulk } from '@/lib/triage/bulk';
import { bulkViewSchema, viewFingerprint } from '@/lib/triage/view';
import { openTestDatabase, testEngine } from '../helpers/db';
import { account } from '../helpers/fixtures';
import { auditCount, makeStaff } from '../helpers/staff';
import { fileMany, itemOf } from './fixtures';
import { ctxOf } from '../helpers/context';

describe(`bulk work on ${testEngine()}`, () => {
  let database: Database;
  let moderator: Awaited<ReturnType<typeof makeStaff>>;
  let other: Awaited<ReturnType<typeof makeStaff>>;
  // Exactly as the queue page reads "Category Spam, age Any" and puts its fingerprint in the bulk link.
  const seen = bulkViewSchema.parse({ queue: 'everything-else', category: 'spam', ageBand: '' });
  const spamView = { view: seen, fingerprint: viewFingerprint(seen) };
  // What the bulk page's actions do: parse with the lib's schema, then call the lib (a refusal by the schema rejects too).
  const preview = async (input: unknown) => previewBulk(ctxOf(database.db, moderator), bulkPreviewInput.parse(input));
  const apply = async (input: unknown) => applyBulk(ctxOf(database.db, moderator), bulkApplyInput.parse(input));

  beforeAll(async () => {
    database = await openTestDatabase();
    const { db } = database;
    moderator = await makeStaff(db, 'moderator');
    other = await makeStaff(db, 'moderator');
    await db.insert(accounts).values([
      ...Array.from({ length: 22 }, (_, i) => account(`bot${i}`, '2000-01-01')),
      account('rude', '1990-01-01'),
    ]);
    await fileMany(db, [
      ...Array.from({ length: 22 }, (_, i) => ({ reportedId: `bot${i}`, category: 'spam' as const })),
      { reportedId: 'rude', category: 'harassment' },
    ]);
  });
  afterAll(async () => database?.close());

  it('previews a filtered view without writing, naming what will be skipped', async () => {
    const { db } = database;
    const held = await itemOf(db, 'bot0');
    await queryRows(db, sql`update queue_items set assignee_id = ${other.id}, lease_expires_at = now() + interval '5 minutes' where id = ${held.id}`);
    const before = await auditCount(db);
    const previewed = await preview({ action: 'dismiss', reason: 'Spam wave', selection: spamView });
    expect(previewed.rows.length).toBe(22);
    expect(previewed.applicable).toBe(21);
    expect(previewed.rows.find((row) => row.id === held.id)?.skipReason).toBe('held by another moderator');
    expect(previewed.rows.some((row) => row.reportedId === 'rude')).toBe(false);
    expect(await auditCount(db)).toBe(before);
  });

  it('refuses a view whose filter is not the one the moderator saw, and a view without its fingerprint', async () => {
    const { db } = database;
    const before = await auditCount(db);
    // The bug this guards: a filter dropped on the way widens "spam" to the whole queue.
    const widened = { view: bulkViewSchema.parse({ queue: 'everything-else' }), fingerprint: spamView.fingerprint };
    await expect(preview({ action: 'dismiss', reason: 'x', selection: widened })).rejects.toThrow(/differs from the one shown/);
    const items = [{ id: (await itemOf(db, 'rude')).id, version: 1 }];
    await expect(apply({ action: 'dismiss', reason: 'x', selection: widened, items })).rejects.toThrow(/differs from the one shown/);
    await expect(preview({ action: 'dismiss', reason: 'x', selection: { view: seen } })).rejects.toThrow(/fingerprint/);
    expect(await auditCount(db)).toBe(before);
  });

  it('fills a template reason per item with that item\'s own values, in the preview and on the record', async () => {
    const { db } = database;
    const body = 'Part of a spam wave: {report_count} report(s) about {username} ({category}) closed; queue {queue}.';
    const previewed = await preview({ action: 'dismiss', reason: body, selection: spamView });
    const bot5 = previewed.rows.find((row) => row.reportedId === 'bot5')!;
    expect(bot5.reason).toBe('Part of a spam wave: 1 report(s) about user_bot5 (spam) closed; queue Everything else.');
    const result = await apply({ action: 'dismiss', reason: body, selection: spamView, items: [{ id: bot5.id, version: bot5.version }] });
    const [event] = await queryRows<{ reason: string }>(db, sql`select reason from moderation_events where batch_id = ${result.batchId}`);
    expect(event!.reason).toBe(bot5.reason);
  });

  it('skips a previewed item that is no longer in the filtered view', async () => {
    const { db } = database;
    const rude = await itemOf(db, 'rude');
    const bot6 = await itemOf(db, 'bot6');
    // "rude" (harassment) was never in the spam view: sending it with the view's confirmation acts on it not at all.
    const result = await apply({
      action: 'acknowledge',
      reason: '',
      selection: spamView,
      items: [
        { id: rude.id, version: rude.version },
        { id: bot6.id, version: bot6.version },
      ],
    });
    expect(result.applied).toBe(1);
    expect(result.skipped).toEqual([{ id: rude.id, reason: 'no longer in the selection' }]);
    expect((await itemOf(db, 'rude')).status).toBe('open');
  });

  it('applies in one batch: one audit entry, one event per item with the batch id; changed items are skipped', async () => {
    const { db } = database;
    const previewed = await preview({ action: 'dismiss', reason: 'Spam wave', selection: spamView });
    const items = previewed.rows.filter((row) => !row.skipReason).map((row) => ({ id: row.id, version: row.version }));
    // Between preview and confirm someone comments on one of them.
    const changed = await itemOf(db, 'bot1');
    await actOnItem(ctxOf(db, other), { action: 'comment', itemId: changed.id, version: changed.version, note: 'looks like a real person' });

    const before = await auditCount(db);
    const result = await apply({ action: 'dismiss', reason: 'Spam wave', selection: spamView, items });
    expect(result.applied).toBe(19);
    expect(result.skipped).toEqual([{ id: changed.id, reason: 'changed since the preview' }]);
    expect((await auditCount(db)) - before).toBe(1);
    const [entry] = await queryRows<{ action: string; target_id: string; applied: number }>(
      db,
      sql`select action, target_id, jsonb_array_length(changes->'applied')::int as applied from audit_log order by seq desc limit 1`,
    );
    expect(entry).toEqual({ action: 'triage.bulk', target_id: result.batchId, applied: 19 });
    const [events] = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from moderation_events where batch_id = ${result.batchId} and kind = 'dismissed'`,
    );
    expect(events!.n).toBe(19);
    const [open] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from reports where category = 'spam' and status = 'open'`);
    expect(open!.n).toBe(2);
    const [batch] = await queryRows<{ applied_count: number; skipped_count: number }>(
      db,
      sql`select applied_count, skipped_count from bulk_batches where id = ${result.batchId}`,
    );
    expect(batch).toEqual({ applied_count: 19, skipped_count: 1 });
  });

  it('refuses a selection over the bound and a resolve without an account action', async () => {
    const { db } = database;
    await expect(
      preview({ action: 'dismiss', reason: 'x', selection: { itemIds: Array.from({ length: 1001 }, () => crypto.randomUUID()) } }),
    ).rejects.toThrow(/1000/);
    await expect(preview({ action: 'resolve', reason: 'x', selection: spamView })).rejects.toThrow(/accountAction is required/);
    const item = await itemOf(db, 'rude');
    const before = await auditCount(db);
    await expect(
      apply({ action: 'dismiss', reason: 'x', selection: { itemIds: [item.id] }, items: [{ id: item.id, version: item.version + 5 }] }),
    ).rejects.toThrow(/Nothing to apply/);
    expect(await auditCount(db)).toBe(before);
  });

  it('resolves picked items with an account action in one batch', async () => {
    const { db } = database;
    const item = await itemOf(db, 'rude');
    const result = await apply({
      action: 'resolve',
      accountAction: 'warn',
      reason: 'Insults',
      selection: { itemIds: [item.id] },
      items: [{ id: item.id, version: item.version }],
    });
    expect(result.applied).toBe(1);
    const [action] = await queryRows<{ action: string; source_id: string }>(db, sql`select action::text, source_id from account_actions where account_id = 'rude'`);
    expect(action).toEqual({ action: 'warn', source_id: result.batchId });
  });
});
