import { asc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { queryRows, type Db } from '@/db/client';
import { moderatorQueueRestrictions, queues, staff } from '@/db/schema';
import { appendAudit } from '../audit/log';
import { requirePermission, type Actor } from '../auth/permissions';
import type { LibContext } from '../context';
import { BUILTIN_QUEUES } from './contract';
import { queueFilterSchema, type QueueFilter } from './filter';
import { DomainError, notFound } from '../errors';
import { storableString } from '../validation/text';

export interface Queue {
  id: string;
  name: string;
  filter: QueueFilter;
  position: number;
  targetMinutes: number;
  builtIn: boolean;
}

/** The catch-all's position: every other queue sorts before it. */
const LAST_POSITION = 1_000_000;

/** All queues in routing order, for the admin page. */
export async function loadQueues(ctx: LibContext): Promise<Queue[]> {
  requirePermission(ctx.actor, 'queues:manage');
  return queuesInOrder(ctx.db);
}

/** Building block: all queues in routing order, for routing and visibility checks inside a caller's transaction. */
export async function queuesInOrder(db: Db): Promise<Queue[]> {
  const rows = await db.select().from(queues).orderBy(asc(queues.position));
  return rows.map((row) => ({ ...row, filter: queueFilterSchema.parse(row.filter) }));
}

/** The queues the actor may see and claim from (the bulk workspace's queue names). */
export async function visibleQueues(ctx: LibContext): Promise<Queue[]> {
  const viewer = requirePermission(ctx.actor, 'reports:read');
  return queuesFor(ctx.db, viewer);
}

/** Building block: the queues a staff member may see and claim from, all of them unless restricted. */
export async function queuesFor(db: Db, actor: Actor): Promise<Queue[]> {
  const all = await queuesInOrder(db);
  if (actor.type !== 'staff') return all;
  const allowed = await allowedQueueIds(db, actor.id);
  return allowed ? all.filter((queue) => allowed.has(queue.id)) : all;
}

/** Building block: the queues a staff member is limited to, or null when not limited. */
export async function allowedQueueIds(db: Db, staffId: string): Promise<Set<string> | null> {
  const rows = await db
    .select({ queueId: moderatorQueueRestrictions.queueId })
    .from(moderatorQueueRestrictions)
    .where(eq(moderatorQueueRestrictions.staffId, staffId));
  return rows.length ? new Set(rows.map((row) => row.queueId)) : null;
}

/** Building block: refuses a staff member who is limited to other queues. */
export async function assertQueueAccess(db: Db, actor: Actor, queueId: string): Promise<void> {
  if (actor.type !== 'staff') return;
  const allowed = await allowedQueueIds(db, actor.id);
  if (allowed && !allowed.has(queueId)) {
    throw new DomainError('conflict', `You are limited to other queues than "${queueId}"; ask an admin to add it.`);
  }
}

/** A filter typed into a form arrives as JSON text; from code, as an object. */
function fromJsonText(value: unknown, ctx: { addIssue: (issue: { code: 'custom'; message: string }) => void }): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'not valid JSON; e.g. {"any": [{"categories": ["spam"]}]}' });
    return z.NEVER;
  }
}

export const queueInput = z.object({
  name: storableString().trim().min(1, 'name is required').max(100, 'name is at most 100 characters'),
  filter: z.preprocess(fromJsonText, queueFilterSchema),
  position: z.coerce.number().int().min(1).max(LAST_POSITION - 1, `position is below ${LAST_POSITION}`),
  targetMinutes: z.coerce.number().int().min(1, 'target is at least a minute').max(60 * 24 * 30, 'target is at most 30 days'),
});
export type QueueInput = z.infer<typeof queueInput>;

function slugOf(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 64);
  if (!slug) throw new DomainError('invalid_input', 'name: needs at least one letter or digit');
  return slug;
}

async function assertPositionFree(db: Db, position: number, exceptId?: string): Promise<void> {
  const [taken] = await db.select({ id: queues.id, name: queues.name }).from(queues).where(eq(queues.position, position));
  if (taken && taken.id !== exceptId) throw new DomainError('conflict', `position: ${position} is taken by "${taken.name}"`);
}

/** Admins define queues; a new queue catches reports from the next routing on. */
export async function createQueue(ctx: LibContext, input: QueueInput) {
  const admin = requirePermission(ctx.actor, 'queues:manage');
  const id = slugOf(input.name);
  return ctx.db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: queues.id }).from(queues).where(eq(queues.id, id));
    if (existing) throw new DomainError('conflict', `name: a queue called "${input.name}" already exists`);
    await assertPositionFree(tx, input.position);
    const [row] = await tx.insert(queues).values({ id, ...input }).returning();
    await appendAudit(tx, {
      actor: admin,
      action: 'queue.create',
      targetType: 'queue',
      targetId: id,
      changes: { ...input },
      requestAddress: ctx.requestAddress,
    });
    return row!;
  });
}

/** Built-in queues keep their filters (routing depends on them); the catch-all also keeps its place. */
export async function updateQueue(ctx: LibContext, { queueId, ...input }: QueueInput & { queueId: string }) {
  const admin = requirePermission(ctx.actor, 'queues:manage');
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(queues).where(eq(queues.id, queueId)).for('update');
    if (!before) throw notFound(`Queue ${queueId}`);
    const isCatchAll = queueId === BUILTIN_QUEUES.everythingElse;
    const next = {
      name: input.name,
      targetMinutes: input.targetMinutes,
      filter: before.builtIn ? before.filter : input.filter,
      position: isCatchAll ? before.position : input.position,
      updatedAt: ctx.now,
    };
    if (before.builtIn && JSON.stringify(input.filter) !== JSON.stringify(before.filter)) {
      throw new DomainError('invalid_input', `filter: the built-in queue "${before.name}" keeps its filter`);
    }
    await assertPositionFree(tx, next.position, queueId);
    const [row] = await tx.update(queues).set(next).where(eq(queues.id, queueId)).returning();
    await appendAudit(tx, {
      actor: admin,
      action: 'queue.update',
      targetType: 'queue',
      targetId: queueId,
      changes: {
        before: { name: before.name, filter: before.filter, position: before.position, targetMinutes: before.targetMinutes },
        after: { name: next.name, filter: next.filter, position: next.position, targetMinutes: next.targetMinutes },
      },
      requestAddress: ctx.requestAddress,
    });
    return row!;
  });
}

/** Only an empty, admin-made queue can go: waiting items would otherwise lose their place. */
export async function deleteQueue(ctx: LibContext, queueId: string) {
  const admin = requirePermission(ctx.actor, 'queues:manage');
  await ctx.db.transaction(async (tx) => {
    const [queue] = await tx.select().from(queues).where(eq(queues.id, queueId)).for('update');
    if (!queue) throw notFound(`Queue ${queueId}`);
    if (queue.builtIn) throw new DomainError('conflict', `The built-in queue "${queue.name}" cannot be deleted.`);
    const [used] = await queryRows<{ n: number }>(tx, sql`select count(*)::int as n from queue_items where queue_id = ${queueId}`);
    if (used && used.n > 0) throw new DomainError('conflict', `"${queue.name}" holds ${used.n} items; it cannot be deleted.`);
    await tx.delete(queues).where(eq(queues.id, queueId));
    await appendAudit(tx, {
      actor: admin,
      action: 'queue.delete',
      targetType: 'queue',
      targetId: queueId,
      changes: { name: queue.name, filter: queue.filter },
      requestAddress: ctx.requestAddress,
    });
  });
}

export const restrictionInput = z.object({
  staffId: z.uuid('staffId: not a staff id'),
  queueIds: z.array(storableString().min(1).max(64)).max(100),
});
export type RestrictionInput = z.output<typeof restrictionInput>;

/** Limits a staff member to some queues; an empty list lifts the limit. */
export async function setQueueRestrictions(ctx: LibContext, input: RestrictionInput) {
  const admin = requirePermission(ctx.actor, 'queues:manage');
  await ctx.db.transaction(async (tx) => {
    const [member] = await tx.select({ id: staff.id }).from(staff).where(eq(staff.id, input.staffId));
    if (!member) throw notFound(`Staff member ${input.staffId}`);
    if (input.queueIds.length) {
      const known = await tx.select({ id: queues.id }).from(queues).where(inArray(queues.id, input.queueIds));
      const missing = input.queueIds.filter((id) => !known.some((row) => row.id === id));
      if (missing.length) throw new DomainError('invalid_input', `queueIds: unknown queue ${missing.join(', ')}`);
    }
    const before = await tx
      .select({ queueId: moderatorQueueRestrictions.queueId })
      .from(moderatorQueueRestrictions)
      .where(eq(moderatorQueueRestrictions.staffId, input.staffId));
    await tx.delete(moderatorQueueRestrictions).where(eq(moderatorQueueRestrictions.staffId, input.staffId));
    if (input.queueIds.length) {
      await tx.insert(moderatorQueueRestrictions).values(input.queueIds.map((queueId) => ({ staffId: input.staffId, queueId })));
    }
    await appendAudit(tx, {
      actor: admin,
      action: 'queue.restrict',
      targetType: 'staff',
      targetId: input.staffId,
      changes: { before: before.map((row) => row.queueId), after: input.queueIds },
      requestAddress: ctx.requestAddress,
    });
  });
}

/** Every staff member's queue limits, for the admin page. */
export async function listQueueRestrictions(ctx: LibContext): Promise<Map<string, string[]>> {
  requirePermission(ctx.actor, 'queues:manage');
  const rows = await ctx.db
    .select({ staffId: moderatorQueueRestrictions.staffId, queueId: moderatorQueueRestrictions.queueId })
    .from(moderatorQueueRestrictions);
  const byStaff = new Map<string, string[]>();
  for (const row of rows) byStaff.set(row.staffId, [...(byStaff.get(row.staffId) ?? []), row.queueId]);
  return byStaff;
}
