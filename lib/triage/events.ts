import type { Db } from '../../db/client';
import { moderationEvents } from '../../db/schema';
import type { Actor } from '../auth/permissions';

export type NewEvent = Omit<typeof moderationEvents.$inferInsert, 'id' | 'actorType' | 'actorId' | 'createdAt'>;

export function actorFields(actor: Actor): { actorType: string; actorId: string } {
  return { actorType: actor.type, actorId: actor.type === 'system' ? actor.name : actor.id };
}

const INSERT_CHUNK = 2000;

/** Appends events; the table refuses updates and deletes, so this is the only way they change. */
export async function recordEvents(tx: Db, actor: Actor, events: NewEvent[]): Promise<void> {
  const who = actorFields(actor);
  for (let start = 0; start < events.length; start += INSERT_CHUNK) {
    await tx.insert(moderationEvents).values(events.slice(start, start + INSERT_CHUNK).map((event) => ({ ...event, ...who })));
  }
}
