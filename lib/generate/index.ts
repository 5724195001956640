import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { coach, PLANTED_KINDS, plantCase, spamAccount } from './cases';
import { FamilyRegistry, generateSchool, generateWorkplace, type SchoolRecord } from './communities';
import { World, type TruthEntry } from './world';

export { PLANTED_KINDS } from './cases';

export interface GenerateOptions {
  out: string;
  accounts: number;
  seed: string;
  /** The moment the population is observed at; fixed by default so a seed always gives the same files. */
  now?: Date;
  onProgress?: (progress: { accounts: number; total: number; conversations: number }) => void;
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

/** Per thousand accounts: planted cases, spam accounts, coaches. Schools add the other look-alikes. */
const PER_THOUSAND = { planted: 1, spam: 0.8, coach: 0.5 };
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

  const count = (rate: number, min: number) => Math.max(min, Math.round((total * rate) / 1000));
  const planted = count(PER_THOUSAND.planted, 5);
  const spam = count(PER_THOUSAND.spam, 3);
  const coaches = count(PER_THOUSAND.coach, 3);
  const regular = total - planted - spam - coaches;
  const schoolRates = { teacher: 0.8, realTeen: 0.7, popularTeen: 0.7 };
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
  for (let k = 0; k < planted; k++) {
    plantCase(world, PLANTED_KINDS[k % PLANTED_KINDS.length]!);
    await world.flushIfFull();
  }
  for (let k = 0; k < spam; k++) {
    spamAccount(world);
    await world.flushIfFull();
  }
  for (let k = 0; k < coaches; k++) {
    coach(world, schools);
    await world.flushIfFull();
  }
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
