import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';
import type { moderationEvents } from '@/db/schema';
import type { Actor } from '../auth/permissions';

export type NewEvent = Omit<typeof moderationEvents.$inferInsert, 'id' | 'actorType' | 'actorId' | 'createdAt'>;

export function actorFields(actor: Actor): { actorType: string; actorId: string } {
  return { actorType: actor.type, actorId: actor.type === 'system' ? actor.name : actor.id };
}

const INSERT_CHUNK = 5000;

/**
 * Building block (inside the caller's transaction): appends events (the table refuses updates and deletes, so this is the only way they change).
 * Each chunk travels as one JSON parameter: routing a large import appends hundreds of thousands.
 */
export async function recordEvents(tx: Db, actor: Actor, events: NewEvent[]): Promise<void> {
  const who = actorFields(actor);
  for (let start = 0; start < events.length; start += INSERT_CHUNK) {
    const rows = events.slice(start, start + INSERT_CHUNK).map((event) => ({
      item_id: event.itemId,
      reported_id: event.reportedId,
      kind: event.kind,
      from_status: event.fromStatus ?? null,
      to_status: event.toStatus ?? null,
      account_action: event.accountAction ?? null,
      reason: event.reason ?? null,
      batch_id: event.batchId ?? null,
      details: event.details ?? {},
    }));
    await queryRows(
      tx,
      sql`insert into moderation_events (item_id, reported_id, kind, actor_type, actor_id, from_status, to_status, account_action, reason, batch_id, details)
          select e.item_id, e.reported_id, e.kind::moderation_event_kind, ${who.actorType}, ${who.actorId},
                 e.from_status::queue_item_status, e.to_status::queue_item_status, e.account_action::account_action, e.reason, e.batch_id, e.details
          from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
               as e(item_id uuid, reported_id text, kind text, from_status text, to_status text, account_action text, reason text, batch_id uuid, details jsonb)`,
    );
  }
}
