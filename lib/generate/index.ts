import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { coach, LOUD_KINDS, plantCase, spamAccount } from './cases';
import { FamilyRegistry, generateSchool, generateWorkplace, type SchoolRecord } from './communities';
import { familyGroupChat, patientGroomer, scammer, schoolLeaver, teacherTwoYears, teenStreamer, youthWorker } from './harder';
import { World, type TruthEntry } from './world';

export { PLANTED_KINDS } from './cases';

/**
 * How many of each special shape per thousand accounts (at least `min` of each): planted cases
 * (loud ones cycle through the loud kinds; patient groomers apart) and the look-alikes that
 * reach into the schools. Schools add teachers, mentoring 17-year-olds and popular pupils by
 * their own rates. Held-out evaluations use other proportions than the default (training) mix.
 */
export interface PopulationMix {
  planted: number;
  patient: number;
  spam: number;
  scammer: number;
  coach: number;
  youthWorker: number;
  familyChat: number;
  streamer: number;
  schoolLeaver: number;
  teacherTwoYears: number;
  school: { teacher: number; realTeen: number; popularTeen: number };
}

export const TRAINING_MIX: PopulationMix = {
  planted: 1,
  patient: 0.3,
  spam: 0.8,
  scammer: 0.3,
  coach: 0.5,
  youthWorker: 0.3,
  familyChat: 0.4,
  streamer: 0.15,
  schoolLeaver: 0.3,
  teacherTwoYears: 0.2,
  school: { teacher: 0.8, realTeen: 0.7, popularTeen: 0.7 },
};

/** The fewest of each shape a population holds, however small. */
const MIN_OF = { planted: 5, patient: 2, spam: 3, scammer: 1, coach: 3, youthWorker: 1, familyChat: 1, streamer: 1, schoolLeaver: 1, teacherTwoYears: 1 };
/** Accounts a shape may create at most (the rest of the population is sized around them). */
const ACCOUNTS_OF = { planted: 1, patient: 1, spam: 1, scammer: 1, coach: 1, youthWorker: 1, familyChat: 1 + 4 * 4, streamer: 1, schoolLeaver: 1, teacherTwoYears: 1 };

export interface GenerateOptions {
  out: string;
  accounts: number;
  seed: string;
  /** The moment the population is observed at; fixed by default so a seed always gives the same files. */
  now?: Date;
  onProgress?: (progress: { accounts: number; total: number; conversations: number }) => void;
  /** Proportions of the special shapes (default TRAINING_MIX). */
  mix?: Partial<Omit<PopulationMix, 'school'>> & { school?: Partial<PopulationMix['school']> };
}

export interface GenerateSummary {
  seed: string;
  now: string;
  accounts: number;
  conversations: number;
  blocks: number;
  reports: number;
  birthdateChanges: number;
  planted: TruthEntry[];
  lookalikes: TruthEntry[];
}

export const DEFAULT_NOW = new Date('2026-11-01T00:00:00Z');
export const TRUTH_FILE = 'truth.json';

const MINOR_SHARE = 0.35;

/**
 * Writes a synthetic population in the import contract's format (accounts, birthdate_changes,
 * contacts, blocks, reports) plus `truth.json` (planted cases and innocent look-alikes, for
 * evaluation only). Communities are generated one after another and streamed to the files.
 */
export async function generatePopulation(options: GenerateOptions): Promise<GenerateSummary> {
  const total = Math.floor(options.accounts);
  if (!Number.isFinite(total) || total < 200) throw new Error(`--accounts must be at least 200 (got ${options.accounts})`);
  const now = (options.now ?? DEFAULT_NOW).getTime();
  await mkdir(options.out, { recursive: true });
  const world = new World(options.out, options.seed, total, now);
  const { rng } = world;

  const mix: PopulationMix = { ...TRAINING_MIX, ...options.mix, school: { ...TRAINING_MIX.school, ...options.mix?.school } };
  const shapes = Object.keys(MIN_OF) as (keyof typeof MIN_OF)[];
  const counts = Object.fromEntries(shapes.map((shape) => [shape, Math.max(MIN_OF[shape], Math.round((total * mix[shape]) / 1000))])) as Record<
    keyof typeof MIN_OF,
    number
  >;
  const regular = total - shapes.reduce((sum, shape) => sum + counts[shape] * ACCOUNTS_OF[shape], 0);
  if (regular < 150) throw new Error(`--accounts must be at least 200 and hold the special shapes (got ${options.accounts})`);
  const schoolRates = mix.school;
  const families = new FamilyRegistry();
  const schools: SchoolRecord[] = [];
  let minors = 0;
  let reported = 0;

  while (world.count < regular) {
    const remaining = regular - world.count;
    const wantSchool = world.adults.length > 50 && minors < MINOR_SHARE * (world.count + 1);
    const schoolSize = Math.min(rng.int(250, 1100), Math.floor(remaining / 1.3));
    const before = world.count;
    if (wantSchool && schoolSize >= 80) {
      schools.push(generateSchool(world, schoolSize, schoolRates, families));
      minors += world.count - before;
    } else {
      generateWorkplace(world, Math.min(rng.int(8, 150), remaining));
    }
    await world.flushIfFull();
    if (options.onProgress && world.count - reported >= total / 50) {
      reported = world.count;
      options.onProgress({ accounts: world.count, total, conversations: world.files.contacts.rows });
    }
  }
  if (!schools.length) throw new Error('population too small to hold a school');

  // Planted cases and the special look-alikes reach into the communities generated above.
  const makers: Record<keyof typeof MIN_OF, (k: number) => void> = {
    planted: (k) => plantCase(world, LOUD_KINDS[k % LOUD_KINDS.length]!),
    patient: () => patientGroomer(world),
    spam: () => spamAccount(world),
    scammer: () => scammer(world),
    coach: () => coach(world, schools),
    youthWorker: () => youthWorker(world, schools),
    familyChat: () => familyGroupChat(world),
    streamer: () => teenStreamer(world),
    schoolLeaver: () => schoolLeaver(world, schools),
    teacherTwoYears: () => teacherTwoYears(world, schools),
  };
  for (const shape of shapes) {
    for (let k = 0; k < counts[shape]; k++) {
      makers[shape](k);
      await world.flushIfFull();
    }
  }
  // The shapes that made fewer accounts than they could leave room for one more workplace.
  if (world.count < total) generateWorkplace(world, total - world.count);
  await world.close();

  const summary: GenerateSummary = {
    seed: options.seed,
    now: new Date(now).toISOString(),
    accounts: world.count,
    conversations: world.files.contacts.rows,
    blocks: world.files.blocks.rows,
    reports: world.files.reports.rows,
    birthdateChanges: world.files.birthdateChanges.rows,
    planted: world.planted,
    lookalikes: uniqueEntries(world.lookalikes),
  };
  options.onProgress?.({ accounts: world.count, total, conversations: summary.conversations });
  await writeFile(path.join(options.out, TRUTH_FILE), `${JSON.stringify(summary, null, 1)}\n`);
  return summary;
}

function uniqueEntries(entries: TruthEntry[]): TruthEntry[] {
  const seen = new Set<string>();
  return entries.filter((e) => {
    const key = `${e.account_id}:${e.kind}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
