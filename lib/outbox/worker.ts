import type { Db } from '@/db/client';
import { liftEndedSuspensions } from '../moderation/account-actions';
import { deliverDueEvents, type DeliveryOptions, type DeliveryRound, type PostEvent } from './deliver';

const LIFT_EVERY_MS = 30_000;

export interface DeliveryWorker {
  /** Finishes the round under way (its posts and their outcomes), then stops. */
  stop(): Promise<void>;
}

export interface WorkerOptions extends DeliveryOptions {
  /** Pause when nothing is due. */
  idleMs?: number;
  onRound?: (round: DeliveryRound) => void;
  onError?: (error: unknown) => void;
}

/**
 * System job: lifts ended suspensions and delivers outbox events until stopped: round after round while events are due, then a short
 * pause. A round that fails (the database is unreachable) is retried after a longer pause; the
 * events stay in the outbox, so nothing is lost.
 */
export function startDeliveryWorker(db: Db, post: PostEvent, options: WorkerOptions = {}): DeliveryWorker {
  const idleMs = options.idleMs ?? 500;
  let stopped = false;
  let lastLift = Number.NEGATIVE_INFINITY;
  let wake: (() => void) | null = null;
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const loop = (async () => {
    while (!stopped) {
      try {
        // Suspensions that have ended become reinstate events in the same loop that delivers them;
        // a check every half-minute is soon enough, and spares the database a transaction per round.
        const now = (options.now ?? (() => new Date()))();
        if (now.getTime() - lastLift >= LIFT_EVERY_MS) {
          await liftEndedSuspensions(db, now);
          lastLift = now.getTime();
        }
        const round = await deliverDueEvents(db, post, options);
        options.onRound?.(round);
        if (round.claimed === 0) await pause(idleMs);
      } catch (error) {
        options.onError?.(error);
        await pause(idleMs * 10);
      }
    }
  })();

  return {
    async stop() {
      stopped = true;
      wake?.();
      await loop;
    },
  };
}
