import { brief, family, friendly, mentor } from './conversations';
import { COUNTRIES, peerReport } from './text';
import { DAY, YEAR, type World } from './world';

/** Where the pupils of one school sit: consecutive account indices per class. */
export interface SchoolRecord {
  grades: { age: number; classes: [number, number][] }[];
}

export interface SchoolRates {
  teacher: number;
  realTeen: number;
  popularTeen: number;
}

const SCHOOL_AGES = [11, 12, 13, 14, 15, 16, 17] as const;

/**
 * A school: same-age classes with dense friendships, fewer across the grade and across grades,
 * a few friends in other schools, parents (some on a shared family device), siblings, and the
 * everyday reports and blocks between peers. Sometimes a teacher, a 17-year-old who mentors
 * younger pupils, or a popular pupil everyone writes to: innocent shapes a detector must not flag.
 */
export function generateSchool(world: World, size: number, rates: SchoolRates, families: FamilyRegistry): SchoolRecord {
  const { rng } = world;
  world.beginCommunity();
  const country = rng.pick(COUNTRIES);
  const perGrade = Math.max(10, Math.round(size / SCHOOL_AGES.length));
  const record: SchoolRecord = { grades: [] };
  const parentOf = new Map<number, number>();

  for (const age of SCHOOL_AGES) {
    const classes: [number, number][] = [];
    let left = Math.round(perGrade * rng.uniform(0.85, 1.15));
    while (left > 0) {
      const take = Math.min(left, rng.int(22, 30));
      const start = world.count;
      for (let k = 0; k < take; k++) addPupil(world, age, country, families, parentOf);
      classes.push([start, world.count]);
      left -= take;
    }
    record.grades.push({ age, classes });
  }

  for (const [g, grade] of record.grades.entries()) {
    const [gradeStart, gradeEnd] = [grade.classes[0]![0], grade.classes[grade.classes.length - 1]![1]];
    for (const [start, end] of grade.classes) {
      for (let a = start; a < end; a++) {
        for (let b = a + 1; b < end; b++) {
          if (rng.chance(0.4)) converseEitherWay(world, a, b);
        }
      }
    }
    for (let kid = gradeStart; kid < gradeEnd; kid++) {
      for (let k = rng.int(1, 5); k > 0; k--) converseEitherWay(world, kid, rng.int(gradeStart, gradeEnd - 1), 20);
      const neighbour = record.grades[g + (rng.chance(0.5) ? 1 : -1)];
      if (neighbour && rng.chance(0.3)) {
        const [s, e] = [neighbour.classes[0]![0], neighbour.classes[neighbour.classes.length - 1]![1]];
        converseEitherWay(world, kid, rng.int(s, e - 1), 10);
      }
      for (let k = rng.int(0, 3); k > 0; k--) {
        const friend = world.minorAged(grade.age + rng.int(-1, 1));
        if (friend !== null && friend < gradeStart) converseEitherWay(world, kid, friend, 15);
      }
      if (rng.chance(0.04)) world.report(kid, rng.int(gradeStart, gradeEnd - 1), peerReport(rng));
      if (rng.chance(0.03)) world.block(kid, rng.int(gradeStart, gradeEnd - 1));
    }
  }

  for (const [kid, parent] of parentOf) parentContacts(world, record, kid, parent, families);
  for (let k = rng.int(0, 2); k > 0; k--) if (rng.chance(rates.teacher)) teacher(world, record);
  if (rng.chance(rates.realTeen)) mentoringTeen(world, record);
  if (rng.chance(rates.popularTeen)) popularTeen(world, record);
  return record;
}

/** Parents and the children they have on the platform, across schools (siblings). */
export class FamilyRegistry {
  readonly children = new Map<number, number[]>();
  readonly sharedDevice = new Set<number>();
}

function addPupil(world: World, age: number, country: string, families: FamilyRegistry, parentOf: Map<number, number>): void {
  const { rng, now } = world;
  const birth = rng.chance(0.005) ? null : world.birthForAge(age);
  const born = birth ?? now - age * YEAR;
  const created = rng.uniform(Math.max(born + 9.5 * YEAR, now - 6 * YEAR), now - 5 * DAY);
  let parent: number | null = null;
  if (rng.chance(0.7) && world.adults.length) {
    for (let attempt = 0; attempt < 8 && parent === null; attempt++) {
      const candidate = rng.pick(world.adults);
      const parentAge = world.age(candidate);
      const children = families.children.get(candidate)?.length ?? 0;
      if (parentAge >= age + 20 && parentAge <= age + 45 && children < 3) parent = candidate;
    }
  }
  const familyDevice = parent !== null && rng.chance(0.1);
  const kid = world.addAccount({
    birth,
    created,
    country,
    assurance: rng.chance(0.12) ? 'minor' : 'none',
    deviceOf: familyDevice ? parent! : undefined,
    honestMinor: birth !== null,
  });
  if (parent !== null) {
    parentOf.set(kid, parent);
    families.children.set(parent, [...(families.children.get(parent) ?? []), kid]);
    if (familyDevice) {
      families.sharedDevice.add(kid);
      world.lookalikes.push({ account_id: world.id(parent), kind: 'parent_family_device' });
      world.lookalikes.push({ account_id: world.id(kid), kind: 'child_family_device' });
    }
  }
  if (birth !== null && rng.chance(0.015)) birthdateTypo(world, kid, birth, created);
}

/**
 * A pupil who mistyped the year at sign-up and fixed it within days. A decade or a century off
 * makes the old birthdate an adult one: a birthdate "moved younger by a lot", innocently.
 */
function birthdateTypo(world: World, kid: number, birth: number, created: number): void {
  const { rng } = world;
  const shiftYears = rng.weighted({ decade: 5, century: 2, year: 3 });
  const years = shiftYears === 'decade' ? 10 : shiftYears === 'century' ? 100 : 1;
  const old = Date.UTC(new Date(birth).getUTCFullYear() - years, new Date(birth).getUTCMonth(), new Date(birth).getUTCDate());
  world.changeBirthdate(kid, Math.min(created + rng.uniform(0.01, 12) * DAY, world.now - DAY / 24), old, birth);
  if (years >= 10) world.lookalikes.push({ account_id: world.id(kid), kind: 'birthdate_typo_teen', years_moved: years });
}

function converseEitherWay(world: World, a: number, b: number, median?: number): void {
  if (world.rng.chance(0.5)) world.converse(a, b, friendly(world.rng, median));
  else world.converse(b, a, friendly(world.rng, median));
}

function parentContacts(world: World, school: SchoolRecord, kid: number, parent: number, families: FamilyRegistry): void {
  const { rng } = world;
  if (rng.chance(0.6)) world.converse(parent, kid, family(rng));
  else world.converse(kid, parent, family(rng));
  // Each pair of siblings talks once: written when the younger account of the two comes up.
  for (const sibling of families.children.get(parent) ?? []) if (sibling < kid) converseEitherWay(world, kid, sibling, 30);
  // Arranging a lift or a sleepover with the child's classmates.
  if (rng.chance(families.sharedDevice.has(kid) ? 0.5 : 0.08)) {
    const cls = classOf(school, kid);
    if (cls) for (let k = rng.int(1, 3); k > 0; k--) world.converse(parent, rng.int(cls[0], cls[1] - 1), brief(rng));
  }
}

function classOf(school: SchoolRecord, kid: number): [number, number] | undefined {
  for (const grade of school.grades) for (const cls of grade.classes) if (kid >= cls[0] && kid < cls[1]) return cls;
  return undefined;
}

/** An adult who teaches one or two classes and messages the pupils (who all know each other). */
function teacher(world: World, school: SchoolRecord): void {
  const { rng } = world;
  const adult = rng.pick(world.adults);
  if (world.age(adult) < 23) return;
  const grade = rng.pick(school.grades);
  const pupils = grade.classes.slice(0, rng.int(1, 2)).flatMap(([s, e]) => range(s, e));
  for (const pupil of rng.sample(pupils, rng.int(6, 20))) world.converse(adult, pupil, mentor(rng));
  world.lookalikes.push({ account_id: world.id(adult), kind: 'teacher' });
}

/** A real 17-year-old: many classmates, and a club of 13–14-year-olds who know each other. */
function mentoringTeen(world: World, school: SchoolRecord): void {
  const { rng } = world;
  const seniors = school.grades.find((g) => g.age === 17);
  const juniors = rng.pick(school.grades.filter((g) => g.age === 13 || g.age === 14));
  if (!seniors || !juniors) return;
  const seniorPool = school.grades.filter((g) => g.age >= 16).flatMap((g) => g.classes.flatMap(([s, e]) => range(s, e)));
  const teen = rng.pick(seniors.classes.flatMap(([s, e]) => range(s, e)));
  if (Number.isNaN(world.birth[teen]!)) return;
  for (const peer of rng.sample(seniorPool, rng.int(12, 25))) world.converse(teen, peer, friendly(rng, 30));
  const club = rng.pick(juniors.classes);
  for (const junior of rng.sample(range(club[0], club[1]), rng.int(4, 9))) world.converse(teen, junior, mentor(rng));
  world.lookalikes.push({ account_id: world.id(teen), kind: 'real_teen_17' });
}

/** A pupil everyone writes to: schoolmates and strangers alike start conversations with them. */
function popularTeen(world: World, school: SchoolRecord): void {
  const { rng } = world;
  const grade = rng.pick(school.grades.filter((g) => g.age >= 14 && g.age <= 16));
  const pupils = school.grades.flatMap((g) => g.classes.flatMap(([s, e]) => range(s, e)));
  const star = rng.pick(grade.classes.flatMap(([s, e]) => range(s, e)));
  for (const fan of rng.sample(pupils, rng.int(30, 80))) world.converse(fan, star, friendly(rng, 8));
  for (let k = rng.int(8, 30); k > 0; k--) {
    const stranger = rng.int(0, school.grades[0]!.classes[0]![0] - 1);
    if (stranger < 0) break;
    world.converse(stranger, star, brief(rng));
    if (rng.chance(0.2)) world.block(star, stranger);
  }
  world.lookalikes.push({ account_id: world.id(star), kind: 'popular_teen' });
}

/**
 * A workplace or an adult community: colleagues, friends in other communities, an alt account
 * here and there on the same phone, nieces and nephews, and adult-to-adult reports.
 */
export function generateWorkplace(world: World, size: number): void {
  const { rng, now } = world;
  world.beginCommunity();
  const country = rng.pick(COUNTRIES);
  const start = world.count;
  while (world.count - start < size) {
    const age = Math.min(75, 19 + Math.floor(Math.abs(rng.normal(0, 1)) * 18));
    const birth = rng.chance(0.04) ? null : world.birthForAge(age);
    const created = rng.uniform(Math.max(now - 10 * YEAR, now - (age - 13) * YEAR), now - 3 * DAY);
    const adult = world.addAccount({ birth, created, country, assurance: rng.chance(0.2) ? 'adult' : 'none', adult: birth !== null });
    if (rng.chance(0.02) && world.count - start < size) {
      world.addAccount({ birth: world.birthForAge(age), created: rng.uniform(created, now - DAY), country, deviceOf: adult, adult: true });
    }
  }
  const end = world.count;
  for (let person = start; person < end; person++) {
    for (let k = rng.int(4, 12); k > 0; k--) converseEitherWay(world, person, rng.int(start, end - 1), 30);
    for (let k = rng.int(0, 3); k > 0 && start > 0; k--) converseEitherWay(world, person, rng.pick(world.adults.length ? world.adults : [0]), 20);
    if (rng.chance(0.04)) {
      for (let k = rng.int(1, 2); k > 0; k--) {
        const relative = world.minorAged(rng.int(8, 17));
        if (relative !== null) world.converse(person, relative, family(rng));
      }
    }
    if (rng.chance(0.01)) world.report(person, rng.int(start, end - 1), peerReport(rng));
  }
}

function range(start: number, end: number): number[] {
  return Array.from({ length: end - start }, (_, i) => start + i);
}
