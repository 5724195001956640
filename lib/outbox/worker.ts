import type { Db } from '@/db/client';
import { liftEndedSuspensions } from '../moderation/account-actions';
import { deliverUntilIdle, type DeliveryOptions, type DeliveryRound, type PostEvent } from './deliver';

const LIFT_EVERY_MS = 30_000;

export interface DeliveryWorker {
  /** Finishes what is claimed (its posts and their outcomes), then stops. */
  stop(): Promise<void>;
}

export interface WorkerOptions extends DeliveryOptions {
  /** Pause when nothing is due. */
  idleMs?: number;
  /** After each batch of outcomes is recorded, and after a look that found nothing due. */
  onRound?: (round: DeliveryRound) => void;
  onError?: (error: unknown) => void;
}

/**
 * System job: lifts ended suspensions and delivers outbox events until stopped: while events are due it keeps
 * `concurrency` posts in flight (deliverUntilIdle), then pauses briefly. A failure of the database
 * is retried after a longer pause; the events stay in the outbox, so nothing is lost.
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
        const round = await deliverUntilIdle(db, post, { ...options, shouldStop: () => stopped });
        if (round.claimed === 0) {
          options.onRound?.(round);
          await pause(idleMs);
        }
      } catch (error) {
        options.onError?.(error);
        if (!stopped) await pause(idleMs * 10);
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
