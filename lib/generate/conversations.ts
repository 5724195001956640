import type { Conversation } from './world';
import type { Rng } from './random';

/** Message volumes for the kinds of relationship the generator draws. */

/** Friends and classmates: both sides write, roughly evenly; photos go both ways. */
export function friendly(rng: Rng, median = 40): Conversation {
  const total = Math.max(1, rng.logNormalInt(median, 1.1, 5000));
  const share = rng.uniform(0.3, 0.7);
  const fromInitiator = Math.max(1, Math.round(total * share));
  const fromRecipient = total - fromInitiator;
  return {
    fromInitiator,
    fromRecipient,
    mediaFromInitiator: rng.chance(0.5) ? Math.round(fromInitiator * rng.uniform(0, 0.1)) : 0,
    mediaFromRecipient: rng.chance(0.5) ? Math.round(fromRecipient * rng.uniform(0, 0.1)) : 0,
  };
}

/** A few words exchanged once. */
export function brief(rng: Rng): Conversation {
  return { fromInitiator: rng.int(1, 6), fromRecipient: rng.int(0, 5), mediaFromInitiator: 0, mediaFromRecipient: 0 };
}

/** Parent and child: steady, practical, photos of the day. */
export function family(rng: Rng): Conversation {
  return friendly(rng, 80);
}

/** A coach or teacher to a pupil: announcements, short answers, rarely a photo. */
export function mentor(rng: Rng): Conversation {
  const fromInitiator = rng.int(5, 80);
  return {
    fromInitiator,
    fromRecipient: Math.round(fromInitiator * rng.uniform(0.1, 0.6)),
    mediaFromInitiator: rng.chance(0.3) ? rng.int(1, 4) : 0,
    mediaFromRecipient: rng.chance(0.08) ? rng.int(1, 2) : 0,
  };
}

/** Bulk messaging: a line or two, almost never an answer. */
export function bulk(rng: Rng): Conversation {
  return {
    fromInitiator: rng.int(1, 3),
    fromRecipient: rng.chance(0.08) ? rng.int(1, 2) : 0,
    mediaFromInitiator: rng.chance(0.4) ? 1 : 0,
    mediaFromRecipient: 0,
  };
}

/**
 * A groomer's conversation with a child: when the child answers, the adult writes far more,
 * flatters, sends pictures to normalise it and, in some, gets pictures back.
 */
export function grooming(rng: Rng, mediaChance: number, recentDays: number): Conversation {
  if (rng.chance(0.25)) {
    return { fromInitiator: rng.int(1, 6), fromRecipient: 0, mediaFromInitiator: rng.chance(0.2) ? 1 : 0, mediaFromRecipient: 0, recentDays };
  }
  const fromInitiator = rng.logNormalInt(90, 0.8, 2000) + 8;
  return {
    fromInitiator,
    fromRecipient: Math.max(1, Math.round(fromInitiator * rng.uniform(0.12, 0.6))),
    mediaFromInitiator: rng.chance(0.5) ? rng.int(1, 12) : 0,
    mediaFromRecipient: rng.chance(mediaChance) ? rng.int(1, 8) : 0,
    recentDays,
  };
}
