import { brief, family, friendly, mentor } from './conversations';
import type { SchoolRecord } from './communities';
import { COUNTRIES, groomingReport, mentorReport } from './text';
import type { ReportCategory } from '../platform/contract';
import { DAY, YEAR, type World } from './world';

/**
 * The harder shapes (issue 15): innocent accounts that reach many minors for reasons other than
 * grooming — volume, a public audience, a family, several teams, a school left behind — and the
 * patient groomer, who reaches only a few children but deeply, over months. Each function starts
 * its own community and every conversation it writes involves the account it creates, so pairs
 * stay unique across the population.
 */

const range = (start: number, end: number) => Array.from({ length: end - start }, (_, i) => start + i);

/**
 * A scam account: hundreds of strangers of every age, in proportion to the population, written to
 * first; a third or more answer (scams are chattier than spam); nothing sent to minors but text;
 * blocked by adults and minors alike; now and then reported as spam — or misfiled, with words
 * about moving to another app.
 */
export function scammer(world: World): void {
  const { rng, now } = world;
  world.beginCommunity();
  const account = world.addAccount({
    birth: rng.chance(0.3) ? null : world.birthForAge(rng.int(19, 45)),
    created: now - rng.uniform(30, 400) * DAY,
    country: rng.pick(COUNTRIES),
  });
  const replyRate = rng.uniform(0.25, 0.5);
  const earliest = now - 180 * DAY;
  for (let k = rng.int(120, 450); k > 0; k--) {
    const stranger = rng.int(0, account - 1);
    const minor = world.age(stranger) < 18;
    const answered = rng.chance(replyRate);
    const fromInitiator = rng.int(2, 10);
    const written = world.converse(account, stranger, {
      fromInitiator,
      fromRecipient: answered ? rng.int(2, Math.max(2, fromInitiator)) : rng.chance(0.2) ? 1 : 0,
      mediaFromInitiator: !minor && rng.chance(0.15) ? 1 : 0,
      mediaFromRecipient: 0,
      recentDays: 180,
    });
    if (!written) continue;
    if (rng.chance(minor ? 0.12 : 0.1)) world.block(stranger, account, rng.uniform(earliest, now));
    if (rng.chance(0.03)) world.report(stranger, account, scamReport(world), { earliest });
  }
  world.lookalikes.push({ account_id: world.id(account), kind: 'scammer' });
}

const SCAM_TEXTS: readonly [ReportCategory, string][] = [
  ['spam', 'says I won a prize and wants my bank details'],
  ['spam', 'asked me to buy a gift card for him'],
  ['other', 'wants me to add him on whatsapp for an investment'],
  ['other', 'fake giveaway, asked for my login'],
  ['harassment', 'keeps messaging about crypto after I said no'],
  ['other', 'said to move to telegram to get free skins'],
  ['spam', ''],
];

function scamReport(world: World): { category: ReportCategory; description: string } {
  const [category, description] = world.rng.pick(SCAM_TEXTS);
  return { category, description };
}

/**
 * A youth worker, or a coach of several teams: two to four groups of children in different
 * schools and grades (each group knows each other, the groups do not), a few children from a
 * drop-in who know nobody else there, team photos, the odd annoyed child, and colleagues.
 */
export function youthWorker(world: World, schools: readonly SchoolRecord[]): void {
  const { rng, now } = world;
  world.beginCommunity();
  const worker = world.addAccount({
    birth: world.birthForAge(rng.int(23, 58)),
    created: now - rng.uniform(0.5, 6) * YEAR,
    country: rng.pick(COUNTRIES),
    assurance: rng.chance(0.4) ? 'adult' : 'none',
  });
  const groups = rng.int(2, 4);
  let reached = 0;
  for (let g = 0; g < groups; g++) {
    const grades = rng.pick(schools).grades.filter((grade) => grade.age <= 16);
    if (!grades.length) continue;
    const [start, end] = rng.pick(rng.pick(grades).classes);
    for (const member of rng.sample(range(start, end), rng.int(8, 16))) {
      const written = rng.chance(0.85) ? world.converse(worker, member, mentor(rng)) : world.converse(member, worker, mentor(rng));
      if (written) reached++;
      if (rng.chance(0.03)) world.block(member, worker);
    }
  }
  for (let k = rng.int(0, 3); k > 0; k--) {
    const child = world.minorAged(rng.int(12, 15));
    if (child !== null && world.converse(worker, child, mentor(rng))) reached++;
  }
  if (rng.chance(0.2)) world.report(null, worker, mentorReport(rng));
  for (let k = rng.int(5, 15); k > 0; k--) world.converse(worker, rng.pick(world.adults), friendly(rng, 15));
  world.lookalikes.push({ account_id: world.id(worker), kind: 'youth_worker', groups, children: reached });
}

/**
 * A family group chat: a grandparent (or aunt) and two to four households of cousins aged 9–16,
 * each with a parent. Everyone in the chat has a conversation with many of the others; the
 * grandparent writes to each grandchild and gets photos back.
 */
export function familyGroupChat(world: World): void {
  const { rng, now } = world;
  world.beginCommunity();
  const country = rng.pick(COUNTRIES);
  const elder = world.addAccount({
    birth: world.birthForAge(rng.int(48, 78)),
    created: now - rng.uniform(0.3, 5) * YEAR,
    country,
  });
  const members: number[] = [elder];
  const grandchildren: number[] = [];
  for (let h = rng.int(2, 4); h > 0; h--) {
    const parent = world.addAccount({ birth: world.birthForAge(rng.int(30, 50)), created: now - rng.uniform(0.5, 8) * YEAR, country });
    members.push(parent);
    const siblings: number[] = [];
    for (let k = rng.int(1, 3); k > 0; k--) {
      const age = rng.int(9, 16);
      const birth = world.birthForAge(age);
      const kid = world.addAccount({
        birth,
        created: rng.uniform(Math.max(birth + 8.5 * YEAR, now - 3 * YEAR), now - 5 * DAY),
        country,
        assurance: rng.chance(0.12) ? 'minor' : 'none',
        deviceOf: rng.chance(0.15) ? parent : undefined,
      });
      world.converse(parent, kid, family(rng));
      for (const sibling of siblings) world.converse(kid, sibling, friendly(rng, 30));
      siblings.push(kid);
    }
    members.push(...siblings);
    grandchildren.push(...siblings);
  }
  for (const kid of grandchildren) {
    world.converse(elder, kid, { ...friendly(rng, 60), mediaFromRecipient: rng.chance(0.6) ? rng.int(1, 12) : 0 });
  }
  // The chat itself: most members end up with a conversation of their own too.
  for (let a = 0; a < members.length; a++) {
    for (let b = a + 1; b < members.length; b++) {
      if (rng.chance(0.55)) world.converse(members[a]!, members[b]!, friendly(rng, 12));
    }
  }
  world.lookalikes.push({ account_id: world.id(elder), kind: 'family_group_chat', grandchildren: grandchildren.length });
}

/**
 * A popular teen streamer (17–19): hundreds of viewers of every age write first, many of them
 * 11–15, strangers to each other, some sending fan art; it answers a line now and then, blocks a
 * few, and writes first to a handful of giveaway winners drawn from the same audience.
 */
export function teenStreamer(world: World): void {
  const { rng, now } = world;
  world.beginCommunity();
  const age = rng.int(17, 19);
  const star = world.addAccount({
    birth: world.birthForAge(age),
    created: now - rng.uniform(1, 4) * YEAR,
    country: rng.pick(COUNTRIES),
    assurance: rng.chance(0.5) ? (age >= 18 ? 'adult' : 'minor') : 'none',
  });
  const viewer = () => (rng.chance(0.65) ? world.minorAged(rng.int(11, 16)) : rng.pick(world.adults));
  for (let k = rng.int(60, 220); k > 0; k--) {
    const fan = viewer();
    if (fan === null) continue;
    const written = world.converse(fan, star, {
      fromInitiator: rng.int(1, 12),
      fromRecipient: rng.chance(0.5) ? rng.int(1, 3) : 0,
      mediaFromInitiator: rng.chance(0.25) ? rng.int(1, 3) : 0,
      mediaFromRecipient: 0,
      recentDays: 365,
    });
    if (written && rng.chance(0.05)) world.block(star, fan);
  }
  for (let k = rng.int(3, 12); k > 0; k--) {
    const winner = viewer();
    if (winner !== null) world.converse(star, winner, { fromInitiator: rng.int(2, 6), fromRecipient: rng.int(2, 6), mediaFromInitiator: 0, mediaFromRecipient: 0 });
  }
  if (rng.chance(0.3)) world.report(rng.pick(world.adults), star, { category: 'spam', description: 'giveaway looks fake' });
  world.lookalikes.push({ account_id: world.id(star), kind: 'teen_streamer', age });
}

/**
 * School-year transitions. A pupil who has just turned 18 and left school keeps talking to the
 * friends left behind — classmates of 16–17 and a class of 14–15-year-olds they helped — and to
 * new adult colleagues. A teacher whose class moved up a year writes to last year's class and to
 * this year's: two classes that do not know each other.
 */
export function schoolLeaver(world: World, schools: readonly SchoolRecord[]): void {
  const { rng, now } = world;
  const school = rng.pick(schools);
  const seniors = school.grades.filter((g) => g.age >= 16);
  const juniors = school.grades.filter((g) => g.age === 14 || g.age === 15);
  if (!seniors.length || !juniors.length) return;
  world.beginCommunity();
  const leaver = world.addAccount({
    birth: world.birthForAge(18),
    created: now - rng.uniform(1.5, 5) * YEAR,
    country: rng.pick(COUNTRIES),
  });
  const seniorPool = seniors.flatMap((g) => g.classes.flatMap(([s, e]) => range(s, e)));
  for (const friend of rng.sample(seniorPool, rng.int(10, 25))) {
    if (rng.chance(0.5)) world.converse(leaver, friend, friendly(rng, 30));
    else world.converse(friend, leaver, friendly(rng, 30));
  }
  const [start, end] = rng.pick(rng.pick(juniors).classes);
  for (const junior of rng.sample(range(start, end), rng.int(4, 10))) {
    if (rng.chance(0.6)) world.converse(leaver, junior, friendly(rng, 15));
    else world.converse(junior, leaver, friendly(rng, 15));
  }
  for (let k = rng.int(3, 12); k > 0; k--) world.converse(leaver, rng.pick(world.adults), friendly(rng, 20));
  world.lookalikes.push({ account_id: world.id(leaver), kind: 'school_leaver' });
}

export function teacherTwoYears(world: World, schools: readonly SchoolRecord[]): void {
  const { rng, now } = world;
  const school = rng.pick(schools);
  // Last year's class is a grade up now; both under 17.
  const moved = school.grades.flatMap((grade, g) => (g > 0 && grade.age <= 16 ? [g] : []));
  if (!moved.length) return;
  const g = rng.pick(moved);
  const [thisYear, lastYear] = [school.grades[g - 1]!, school.grades[g]!];
  world.beginCommunity();
  const teacher = world.addAccount({
    birth: world.birthForAge(rng.int(25, 60)),
    created: now - rng.uniform(1, 6) * YEAR,
    country: rng.pick(COUNTRIES),
    assurance: rng.chance(0.3) ? 'adult' : 'none',
  });
  for (const grade of [lastYear, thisYear]) {
    const [start, end] = rng.pick(grade.classes);
    for (const pupil of rng.sample(range(start, end), rng.int(6, 18))) world.converse(teacher, pupil, mentor(rng));
  }
  for (let k = rng.int(3, 10); k > 0; k--) world.converse(teacher, rng.pick(world.adults), friendly(rng, 15));
  world.lookalikes.push({ account_id: world.id(teacher), kind: 'teacher_two_years' });
}

/**
 * A patient groomer: an adult who reaches only three or four children, of different schools, and
 * keeps each conversation going for months — hundreds of messages, far more than the child writes,
 * pictures from the child in most of them — with one report about it and an ordinary life besides.
 * Some are open about being adults; some pose as 16–17 and the platform's age check (or a shared
 * phone) says otherwise.
 */
export function patientGroomer(world: World): void {
  const { rng, now } = world;
  world.beginCommunity();
  const realAge = rng.int(24, 55);
  const posing = rng.chance(0.4);
  let deviceOf: number | undefined;
  const checked = posing && rng.chance(0.6);
  if (posing && !checked) {
    for (let attempt = 0; attempt < 20 && deviceOf === undefined; attempt++) {
      const candidate = rng.pick(world.adults);
      if (world.age(candidate) >= 24 && world.age(candidate) <= 60) deviceOf = candidate;
    }
  }
  const groomer = world.addAccount({
    birth: world.birthForAge(posing ? rng.int(16, 17) : Math.max(20, realAge - rng.int(0, 5))),
    created: now - rng.uniform(0.8, 5) * YEAR,
    country: rng.pick(COUNTRIES),
    assurance: checked || (!posing && rng.chance(0.2)) ? 'adult' : 'none',
    deviceOf,
  });
  const children: number[] = [];
  const wanted = rng.int(3, 4);
  const schools = new Set<number>();
  for (let attempt = 0; children.length < wanted && attempt < 40; attempt++) {
    const child = world.unrelatedMinorAged(Number(rng.weighted({ '12': 3, '13': 4, '14': 3 })), schools);
    if (child === null || children.includes(child)) continue;
    const fromInitiator = rng.int(250, 1800);
    const written = world.converse(groomer, child, {
      fromInitiator,
      fromRecipient: Math.round(fromInitiator * rng.uniform(0.15, 0.4)),
      mediaFromInitiator: rng.int(3, 30),
      mediaFromRecipient: children.length === 0 || rng.chance(0.7) ? rng.int(1, 15) : 0,
      startDaysAgo: [120, 330],
    });
    if (written) children.push(child);
  }
  const cues = { images: rng.chance(0.6), meeting: rng.chance(0.4), offPlatform: rng.chance(0.5) };
  // One report: from one of the children, or from a parent who read the messages.
  const reporter = rng.chance(0.7) && children.length ? rng.pick(children) : rng.pick(world.adults);
  world.report(reporter, groomer, groomingReport(rng, cues), { earliest: now - 60 * DAY });
  for (let k = rng.int(4, 15); k > 0; k--) world.converse(groomer, rng.pick(world.adults), rng.chance(0.5) ? friendly(rng, 20) : brief(rng));
  world.planted.push({ account_id: world.id(groomer), kind: 'patient_groomer', targets: children.length, posing });
}
