import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, type Database } from '@/db/client';
import { accounts } from '@/db/schema';
import { actOnItem } from '@/lib/triage/actions';
import { createQueue, deleteQueue, loadQueues, queueInput, updateQueue } from '@/lib/triage/queues';
import { loadStats, statsQuery } from '@/lib/triage/stats';
import { listTemplates, renderTemplate, saveTemplate, templateInput } from '@/lib/triage/templates';
import { ctxOf } from '../helpers/context';
import { openTestDatabase, testEngine } from '../helpers/db';
import { account } from '../helpers/fixtures';
import { auditCount, makeStaff } from '../helpers/staff';
import { fileMany, itemOf } from './fixtures';

describe(`queue admin, templates and stats on ${testEngine()}`, () => {
  let database: Database;
  let admin: Awaited<ReturnType<typeof makeStaff>>;
  let moderator: Awaited<ReturnType<typeof makeStaff>>;
  beforeAll(async () => {
    database = await openTestDatabase();
    admin = await makeStaff(database.db, 'admin');
    moderator = await makeStaff(database.db, 'moderator');
    await database.db.insert(accounts).values(['p1', 'p2', 'p3', 'p4'].map((id) => account(id, '1990-01-01')));
  });
  afterAll(async () => database?.close());

  it('routes into an admin-defined queue placed before the catch-all, audited', async () => {
    const { db } = database;
    const before = await auditCount(db);
    await createQueue(ctxOf(db, admin), { name: 'Police reports', filter: { any: [{ sources: ['law_enforcement'] }] }, position: 5, targetMinutes: 30 });
    expect((await auditCount(db)) - before).toBe(1);
    expect((await loadQueues(ctxOf(db, admin))).map((queue) => queue.id)).toEqual(['police-reports', 'child-safety', 'escalated', 'everything-else']);
    await fileMany(db, [
      { reportedId: 'p1', category: 'spam', source: 'law_enforcement' },
      { reportedId: 'p2', category: 'spam' },
    ]);
    expect((await itemOf(db, 'p1')).queue_id).toBe('police-reports');
    expect((await itemOf(db, 'p2')).queue_id).toBe('everything-else');
  });

  it('refuses bad filters, taken positions, editing a built-in filter and deleting a queue in use', async () => {
    const { db } = database;
    await expect(async () => createQueue(ctxOf(db, admin), queueInput.parse({ name: 'X', filter: { any: [{ colour: 'red' }] }, position: 6, targetMinutes: 5 }))).rejects.toThrow();
    await expect(createQueue(ctxOf(db, admin), { name: 'Y', filter: { any: [{}] }, position: 10, targetMinutes: 5 })).rejects.toThrow(/position: 10 is taken by "Child safety"/);
    const [childSafety] = await loadQueues(ctxOf(db, admin)).then((queues) => queues.filter((queue) => queue.id === 'child-safety'));
    await expect(updateQueue(ctxOf(db, admin), { queueId: 'child-safety', ...childSafety!, filter: { any: [{}] } })).rejects.toThrow(/keeps its filter/);
    const updated = await updateQueue(ctxOf(db, admin), { queueId: 'child-safety', ...childSafety!, targetMinutes: 30 });
    expect(updated.targetMinutes).toBe(30);
    await expect(deleteQueue(ctxOf(db, admin), 'police-reports')).rejects.toThrow(/holds 1 items/);
    await expect(deleteQueue(ctxOf(db, admin), 'escalated')).rejects.toThrow(/cannot be deleted/);
    await expect(createQueue(ctxOf(db, moderator), { name: 'Z', filter: { any: [{}] }, position: 7, targetMinutes: 5 })).rejects.toThrow(/queues:manage/);
  });

  it('keeps templates with known placeholders and fills them', async () => {
    const { db } = database;
    const templates = await listTemplates(ctxOf(db, admin));
    expect(templates.map((template) => template.name)).toContain('Spam wave');
    await expect(async () => saveTemplate(ctxOf(db, admin), { templateId: null, ...templateInput.parse({ name: 'Bad', action: 'dismiss', body: 'Hello {nickname}' }) })).rejects.toThrow(/unknown placeholder \{nickname\}/);
    await expect(async () => saveTemplate(ctxOf(db, admin), { templateId: null, ...templateInput.parse({ name: 'Ban', action: 'resolve', body: 'Banned {username}' }) })).rejects.toThrow(/names its account action/);
    const saved = await saveTemplate(ctxOf(db, admin), { templateId: null, name: 'Ban', action: 'resolve', accountAction: 'ban', body: 'Banned {username} after {report_count} reports of {category}.' });
    expect(renderTemplate(saved.body, { username: 'bob', account_id: 'b', category: 'spam', report_count: '3', queue: 'Everything else' })).toBe(
      'Banned bob after 3 reports of spam.',
    );
    const edited = await saveTemplate(ctxOf(db, admin), { templateId: saved.id, name: 'Ban', action: 'resolve', accountAction: 'ban', body: 'Banned {username}.' });
    expect(edited.body).toBe('Banned {username}.');
    await expect(saveTemplate(ctxOf(db, moderator), { templateId: null, name: 'M', action: 'comment', accountAction: null, body: 'x' })).rejects.toThrow(/templates:manage/);
  });

  it('reports open items per queue and category, actions per moderator and median handling times', async () => {
    const { db } = database;
    await fileMany(db, [
      { reportedId: 'p3', category: 'harassment' },
      { reportedId: 'p4', category: 'grooming' },
    ]);
    const p2 = await itemOf(db, 'p2');
    await actOnItem(ctxOf(db, moderator), { action: 'acknowledge', itemId: p2.id, version: p2.version });
    await actOnItem(ctxOf(db, moderator), { action: 'dismiss', itemId: p2.id, version: p2.version + 1, reason: 'fine' });
    // Pretend p2 arrived 90 minutes before it was closed and was first acted on 60 minutes in; only the past moves,
    // so the close stays inside today whatever the time of day.
    await queryRows(db, sql`update queue_items set created_at = closed_at - interval '90 minutes', first_action_at = closed_at - interval '30 minutes' where id = ${p2.id}`);

    const stats = await loadStats(ctxOf(db, moderator), statsQuery.parse({}));
    expect(stats.queues.map((count) => [count.queue.id, count.waiting])).toEqual([
      ['police-reports', 1],
      ['child-safety', 1],
      ['escalated', 0],
      ['everything-else', 1],
    ]);
    expect(stats.openByQueueAndCategory).toEqual([
      { queueId: 'child-safety', category: 'grooming', items: 1 },
      { queueId: 'everything-else', category: 'harassment', items: 1 },
      { queueId: 'police-reports', category: 'spam', items: 1 },
    ]);
    expect(stats.actionsByModerator).toEqual([
      { staffId: moderator.id, email: moderator.email, kind: 'acknowledged', actions: 1 },
      { staffId: moderator.id, email: moderator.email, kind: 'dismissed', actions: 1 },
    ]);
    expect(stats.medianMinutesToFirstAction).toBeCloseTo(60, 1);
    expect(stats.medianMinutesToResolution).toBeCloseTo(90, 1);
    expect(stats.daily.map((day) => day.day)).toEqual(
      Array.from({ length: 7 }, (_, i) => new Date(stats.period.until.getTime() - (7 - i) * 24 * 60 * 60 * 1000).toISOString().slice(0, 10)),
    );
    const today = stats.daily.at(-1)!;
    expect([today.closed, stats.daily.reduce((sum, day) => sum + day.closed, 0)]).toEqual([1, 1]);
    expect(today.medianMinutesToResolution).toBeCloseTo(90, 1);
    const [created] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from queue_items where created_at >= ${stats.period.from.toISOString()}::timestamptz`);
    expect(stats.daily.reduce((sum, day) => sum + day.created, 0)).toBe(created!.n);
    expect(stats.daily.slice(0, -1).every((day) => day.medianMinutesToResolution === null)).toBe(true);

    const lastYear = await loadStats(ctxOf(db, moderator), statsQuery.parse({ from: '2020-01-01', to: '2020-01-31' }));
    expect(lastYear.actionsByModerator).toEqual([]);
    expect(lastYear.medianMinutesToResolution).toBeNull();
    expect(() => statsQuery.parse({ from: '2026-02-01', to: '2026-01-01' })).toThrow(/must not be after/);
  });
});
