import type { Db } from '@/db/client';
import { outboxEvents } from '@/db/schema';
import { OUTBOX_EVENT_DATA, type NewOutboxEvent } from './events';

/** How long an event is retried before it becomes a dead letter. */
export const RETRY_WINDOW_HOURS = 24;

/**
 * Building block: writes events for the chat app in the caller's transaction, so a decision and its events commit
 * together or not at all. Each event's data is checked against its schema first: a malformed
 * event is a programming error and rolls the decision back rather than reaching the platform.
 */
export async function enqueueOutboxEvents(tx: Db, events: readonly NewOutboxEvent[], now: Date): Promise<void> {
  if (events.length === 0) return;
  const retryUntil = new Date(now.getTime() + RETRY_WINDOW_HOURS * 3_600_000);
  await tx.insert(outboxEvents).values(
    events.map((event) => {
      const data = OUTBOX_EVENT_DATA[event.type].parse(event.data) as { account_id: string };
      return {
        type: event.type,
        accountId: data.account_id,
        payload: { type: event.type, timestamp: now.toISOString(), data },
        sourceType: event.source.type,
        sourceId: event.source.id,
        createdAt: now,
        nextAttemptAt: now,
        retryUntil,
      };
    }),
  );
}
