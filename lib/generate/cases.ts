import { brief, bulk, friendly, grooming, mentor } from './conversations';
import type { SchoolRecord } from './communities';
import { COUNTRIES, groomingReport, mentorReport, spamReport } from './text';
import { DAY, YEAR, type World } from './world';

/**
 * The shapes of grooming the generator plants. What they share is behaviour (an adult
 * reaching many unrelated children); how the adult hides their age differs.
 */
export const LOUD_KINDS = [
  'posing_teen_checked_adult',
  'posing_teen_shared_device',
  'posing_teen_birthdate_moved',
  'posing_teen_old_account',
  'open_adult',
] as const;
export type LoudKind = (typeof LOUD_KINDS)[number];
/** Every planted kind: the loud ones above, and the patient groomer (lib/generate/harder.ts). */
export const PLANTED_KINDS = [...LOUD_KINDS, 'patient_groomer'] as const;
export type PlantedKind = (typeof PLANTED_KINDS)[number];

export function plantCase(world: World, kind: LoudKind): void {
  const { rng, now } = world;
  world.beginCommunity();
  const realAge = rng.int(21, 58);
  const realBirth = world.birthForAge(realAge);
  let claimedAge = rng.int(16, 17);
  let created = now - rng.uniform(0.1, 3) * YEAR;
  let deviceOf: number | undefined;
  if (kind === 'posing_teen_shared_device') {
    // The groomer's everyday adult account on the same phone.
    for (let attempt = 0; attempt < 20 && deviceOf === undefined; attempt++) {
      const candidate = rng.pick(world.adults);
      if (world.age(candidate) >= 24 && world.age(candidate) <= 60) deviceOf = candidate;
    }
  }
  if (kind === 'posing_teen_birthdate_moved') created = now - rng.uniform(1.5, 8) * YEAR;
  if (kind === 'posing_teen_old_account') {
    claimedAge = rng.int(14, 16);
    created = now - (claimedAge - rng.uniform(1, 6)) * YEAR;
  }
  if (kind === 'open_adult') {
    claimedAge = Math.max(19, realAge - rng.int(0, 6));
    created = now - rng.uniform(0.2, 6) * YEAR;
  }
  const claimedBirth = world.birthForAge(claimedAge);
  const groomer = world.addAccount({
    birth: claimedBirth,
    created,
    country: rng.pick(COUNTRIES),
    assurance: kind === 'posing_teen_checked_adult' || (kind === 'open_adult' && rng.chance(0.25)) ? 'adult' : 'none',
    deviceOf,
  });
  if (kind === 'posing_teen_birthdate_moved') {
    world.changeBirthdate(groomer, Math.max(created + 30 * DAY, now - rng.uniform(20, 500) * DAY), realBirth, claimedBirth);
  }

  // Several children at least: an adult writing to two or three unrelated children is any uncle.
  const targets = 5 + Math.floor(25 * rng.next() ** 1.6);
  const mediaChance = rng.uniform(0, 0.5);
  const blockChance = rng.uniform(0, 0.35);
  const reportChance = rng.chance(0.35) ? 0 : rng.uniform(0.05, 0.3);
  const cues = { images: rng.chance(0.6), meeting: rng.chance(0.4), offPlatform: rng.chance(0.5) };
  const recentDays = rng.int(60, 300);
  let reached = 0;
  // Children of different schools, as far as there are schools enough: strangers to each other.
  const schools = new Set<number>();
  for (let attempt = 0; reached < targets && attempt < targets * 4; attempt++) {
    const child = world.unrelatedMinorAged(Number(rng.weighted({ '11': 1, '12': 3, '13': 4, '14': 3, '15': 1 })), schools);
    if (child === null) continue;
    const conversation = grooming(rng, mediaChance, recentDays);
    // Now and then the child writes first, answering a public post.
    const written = rng.chance(0.9) ? world.converse(groomer, child, conversation) : world.converse(child, groomer, swap(conversation));
    if (!written) continue;
    reached++;
    const during = () => rng.uniform(now - recentDays * DAY, now);
    if (rng.chance(blockChance)) world.block(child, groomer, during());
    const earliest = now - recentDays * DAY;
    if (rng.chance(reportChance)) world.report(child, groomer, groomingReport(rng, cues), { earliest });
    else if (rng.chance(0.02)) world.report(rng.pick(world.adults), groomer, groomingReport(rng, cues), { earliest });
  }
  if (rng.chance(0.05)) {
    world.report(null, groomer, { ...groomingReport(rng, cues), category: 'grooming' }, { source: 'law_enforcement' });
  }
  // Ordinary contacts that make the account look like anyone else.
  const cover = kind === 'open_adult' ? rng.int(0, 12) : rng.int(0, 8);
  for (let k = 0; k < cover; k++) {
    const other = kind === 'open_adult' ? rng.pick(world.adults) : world.minorAged(rng.int(15, 17));
    if (other !== null) world.converse(groomer, other, rng.chance(0.5) ? friendly(rng, 15) : brief(rng));
  }
  world.planted.push({ account_id: world.id(groomer), kind, targets: reached });
}

function swap(c: ReturnType<typeof grooming>): ReturnType<typeof grooming> {
  return { ...c, fromInitiator: c.fromRecipient + 1, fromRecipient: c.fromInitiator, mediaFromInitiator: c.mediaFromRecipient, mediaFromRecipient: c.mediaFromInitiator };
}

/** Bulk messages to strangers of every age: blocked and reported as spam, rarely answered. */
export function spamAccount(world: World): void {
  const { rng, now } = world;
  world.beginCommunity();
  const spammer = world.addAccount({
    birth: rng.chance(0.5) ? null : world.birthForAge(rng.int(18, 40)),
    created: now - rng.uniform(3, 90) * DAY,
    country: rng.pick(COUNTRIES),
  });
  const existing = spammer;
  for (let k = rng.int(40, 300); k > 0; k--) {
    const stranger = rng.int(0, existing - 1);
    if (!world.converse(spammer, stranger, { ...bulk(rng), recentDays: 90 })) continue;
    const minor = world.age(stranger) < 18;
    if (rng.chance(minor ? 0.2 : 0.12)) world.block(stranger, spammer);
    if (rng.chance(0.05)) world.report(stranger, spammer, spamReport(rng), { earliest: now - 90 * DAY });
  }
  world.lookalikes.push({ account_id: world.id(spammer), kind: 'spam' });
}

/** A sports coach messaging a team: children of one school and grade, who all know each other. */
export function coach(world: World, schools: readonly SchoolRecord[]): void {
  const { rng, now } = world;
  const school = rng.pick(schools);
  const grades = school.grades.filter((g) => g.age <= 16);
  if (!grades.length) return;
  world.beginCommunity();
  const grade = rng.pick(grades);
  const pool = grade.classes.slice(0, rng.int(1, 2)).flatMap(([s, e]) => Array.from({ length: e - s }, (_, i) => s + i));
  const trainer = world.addAccount({
    birth: world.birthForAge(rng.int(24, 60)),
    created: now - rng.uniform(0.5, 6) * YEAR,
    country: rng.pick(COUNTRIES),
    assurance: rng.chance(0.4) ? 'adult' : 'none',
    adult: false,
  });
  const team = rng.sample(pool, rng.int(10, 22));
  for (const player of team) {
    if (rng.chance(0.85)) world.converse(trainer, player, mentor(rng));
    else world.converse(player, trainer, mentor(rng));
    if (rng.chance(0.04)) world.block(player, trainer);
  }
  if (rng.chance(0.15) && team.length) world.report(rng.pick(team), trainer, mentorReport(rng));
  for (let k = rng.int(3, 10); k > 0; k--) world.converse(trainer, rng.pick(world.adults), friendly(rng, 10));
  world.lookalikes.push({ account_id: world.id(trainer), kind: 'coach', team: team.length });
}
