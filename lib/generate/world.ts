import type { AgeAssurance, ReportCategory, ReportSource } from '../platform/contract';
import { CHILD_SAFETY_CATEGORIES } from '../triage/contract';
import { CsvFile } from './csv-files';
import { Rng } from './random';
import { personName } from './text';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
export const DAY = 86_400_000;
export const YEAR = 365.25 * DAY;

export interface NewAccount {
  /** Claimed birthdate as UTC-midnight ms, or null when the user left it empty. */
  birth: number | null;
  created: number;
  country: string;
  assurance?: AgeAssurance;
  /** Index of the account whose device this one shares (family tablet, an alt account). */
  deviceOf?: number;
  /** An honest minor that later communities may befriend and planted cases may target. */
  honestMinor?: boolean;
  /** An adult that other communities may befriend or pick as a parent. */
  adult?: boolean;
}

export interface Conversation {
  fromInitiator: number;
  fromRecipient: number;
  mediaFromInitiator: number;
  mediaFromRecipient: number;
  /** Only recent activity (planted cases happen in the last months). */
  recentDays?: number;
  /**
   * A long relationship: it started between these many days ago and is still going (its last
   * message within the last two weeks). Overrides recentDays.
   */
  startDaysAgo?: [number, number];
}

export interface TruthEntry {
  account_id: string;
  kind: string;
  [detail: string]: unknown;
}

/**
 * The population while it is being written: compact per-account arrays (what later communities
 * need to know about earlier accounts), the five CSV files, and the ground truth. Rows go to the
 * files as they are made; only pair keys of the community in progress are kept, so memory holds
 * O(accounts) small numbers, never the conversations.
 */
export class World {
  readonly rng: Rng;
  readonly files: Record<'accounts' | 'birthdateChanges' | 'contacts' | 'blocks' | 'reports', CsvFile>;
  readonly birth: Float64Array;
  readonly created: Float64Array;
  readonly deviceOwner: Int32Array;
  /** The community (school, workplace, special shape) each account was created in. */
  readonly communityOf: Int32Array;
  private community = 0;
  count = 0;
  /** Honest minors by birth year, for cross-school friendships and for planted cases' targets. */
  readonly minorsByYear = new Map<number, number[]>();
  readonly adults: number[] = [];
  readonly planted: TruthEntry[] = [];
  readonly lookalikes: TruthEntry[] = [];
  private pairs = new Set<number>();
  private blockPairs = new Set<number>();
  private reportSeq = 0;
  /** When the first open report about an account was filed: its queue item has waited since then. */
  private readonly reportWaveStart = new Map<number, number>();
  private readonly idSalt: number;
  private readonly ids: string[] = [];

  constructor(
    dir: string,
    seed: string,
    readonly capacity: number,
    readonly now: number,
  ) {
    this.rng = new Rng(seed);
    this.idSalt = new Rng(`${seed}:ids`).int(0, 0xffffffff);
    this.birth = new Float64Array(capacity).fill(Number.NaN);
    this.created = new Float64Array(capacity);
    this.deviceOwner = new Int32Array(capacity);
    this.communityOf = new Int32Array(capacity);
    this.files = {
      accounts: new CsvFile(dir, 'accounts.csv', ACCOUNT_HEADER, false),
      birthdateChanges: new CsvFile(dir, 'birthdate_changes.csv', ['account_id', 'changed_at', 'old_birthdate', 'new_birthdate'], true),
      contacts: new CsvFile(dir, 'contacts.csv', CONTACT_HEADER, true),
      blocks: new CsvFile(dir, 'blocks.csv', ['blocker_id', 'blocked_id', 'blocked_at'], true),
      reports: new CsvFile(dir, 'reports.csv', ['report_id', 'reporter_id', 'reported_id', 'category', 'description', 'created_at', 'source'], false),
    };
  }

  /** Opaque ids: a bijective scramble of the index, so ids do not reveal communities. */
  id(index: number): string {
    return (this.ids[index] ??= this.scramble(index));
  }

  private scramble(index: number): string {
    let x = (Math.imul(index + 1, 0x9e3779b1) ^ this.idSalt) >>> 0;
    x = Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) >>> 0;
    return `u${x.toString(36).padStart(7, '0')}`;
  }

  deviceId(index: number): string {
    return `d${this.id(index).slice(1)}`;
  }

  /** Starts a community: conversations and blocks are de-duplicated within the accounts it touches. */
  beginCommunity(): void {
    this.community++;
    this.pairs = new Set();
    this.blockPairs = new Set();
  }

  addAccount(spec: NewAccount): number {
    if (this.count >= this.capacity) throw new Error('population is larger than planned');
    const index = this.count++;
    const { username, displayName } = personName(this.rng);
    this.birth[index] = spec.birth ?? Number.NaN;
    this.created[index] = spec.created;
    this.deviceOwner[index] = spec.deviceOf === undefined ? index : this.deviceOwner[spec.deviceOf]!;
    this.communityOf[index] = this.community;
    this.files.accounts.push([
      this.id(index),
      `${username}_${index.toString(36)}`,
      displayName,
      spec.birth === null ? '' : isoDate(spec.birth),
      isoTime(spec.created),
      spec.country,
      spec.assurance ?? 'none',
      this.deviceId(this.deviceOwner[index]!),
      this.rng.chance(0.004) ? 'deleted' : 'active',
    ]);
    if (spec.honestMinor && spec.birth !== null) {
      const year = new Date(spec.birth).getUTCFullYear();
      let list = this.minorsByYear.get(year);
      if (!list) this.minorsByYear.set(year, (list = []));
      list.push(index);
    }
    if (spec.adult) this.adults.push(index);
    return index;
  }

  /** Age in whole years at `now` from the claimed birthdate (NaN when none). */
  age(index: number): number {
    return Math.floor((this.now - this.birth[index]!) / YEAR);
  }

  /** Writes one conversation unless the pair already talked; returns whether it was written. */
  converse(initiator: number, recipient: number, conversation: Conversation): boolean {
    if (initiator === recipient) return false;
    const key = pairKey(initiator, recipient, this.capacity);
    if (this.pairs.has(key)) return false;
    this.pairs.add(key);
    const earliest = Math.max(this.created[initiator]!, this.created[recipient]!, this.now - 2 * YEAR);
    if (conversation.startDaysAgo) return this.writeConversation(initiator, recipient, conversation, ...this.longSpan(earliest, conversation.startDaysAgo));
    const from = Math.min(
      conversation.recentDays ? Math.max(earliest, this.now - conversation.recentDays * DAY) : earliest,
      this.now - DAY,
    );
    const first = this.rng.uniform(from, this.now - DAY / 2);
    const last = this.rng.chance(0.5) ? this.rng.uniform(first, this.now) : this.rng.uniform(Math.max(first, this.now - 30 * DAY), this.now);
    return this.writeConversation(initiator, recipient, conversation, first, last);
  }

  /** First and last message of a relationship that began `[min, max]` days ago (never before `earliest`) and goes on. */
  private longSpan(earliest: number, [min, max]: [number, number]): [number, number] {
    const first = Math.min(Math.max(earliest, this.now - this.rng.uniform(min, max) * DAY), this.now - DAY);
    return [first, this.rng.uniform(Math.max(first, this.now - 14 * DAY), this.now)];
  }

  private writeConversation(initiator: number, recipient: number, conversation: Conversation, first: number, last: number): boolean {
    this.files.contacts.push([
      this.id(initiator),
      this.id(recipient),
      isoTime(first),
      isoTime(last),
      conversation.fromInitiator,
      conversation.fromRecipient,
      conversation.mediaFromInitiator,
      conversation.mediaFromRecipient,
    ]);
    return true;
  }

  block(blocker: number, blocked: number, at?: number): void {
    const key = blocker * this.capacity + blocked;
    if (blocker === blocked || this.blockPairs.has(key)) return;
    this.blockPairs.add(key);
    const when = at ?? this.rng.uniform(Math.max(this.created[blocker]!, this.created[blocked]!), this.now);
    this.files.blocks.push([this.id(blocker), this.id(blocked), isoTime(when)]);
  }

  report(
    reporter: number | null,
    reported: number,
    report: { category: ReportCategory; description: string },
    options: { source?: ReportSource; earliest?: number } = {},
  ): void {
    const seq = this.reportSeq++;
    const at = this.reportTimeFor(reporter, reported, report.category, options.earliest ?? this.created[reported]!);
    this.files.reports.push([
      `r${seq.toString(36).padStart(6, '0')}`,
      reporter === null ? '' : this.id(reporter),
      this.id(reported),
      report.category,
      report.description,
      isoTime(at),
      options.source ?? 'user',
    ]);
  }

  /**
   * When a report still waiting for a decision was filed, as on a live platform whose team keeps up.
   * A queue item waits since its first report, so the first report about an account sets the item's
   * age and later ones fall between it and now. Child-safety reports (their categories, or filed by a
   * minor) are worked within the hour: most are minutes old, a few hours, a thin tail of days. The
   * rest: most in the last day, some in the three days before, a backlog tail up to three weeks.
   * Never before `earliest` (the account's creation, the conversation's start). One draw per report.
   */
  private reportTimeFor(reporter: number | null, reported: number, category: ReportCategory, earliest: number): number {
    const waveStart = this.reportWaveStart.get(reported);
    if (waveStart !== undefined) return Math.min(this.now, this.rng.uniform(Math.max(waveStart, earliest), this.now));
    const childSafety = (CHILD_SAFETY_CATEGORIES as readonly ReportCategory[]).includes(category) || (reporter !== null && this.age(reporter) < 18);
    const u = this.rng.next();
    const age = childSafety
      ? u < 0.75
        ? (u / 0.75) * 50 * MINUTE
        : u < 0.95
          ? 50 * MINUTE + ((u - 0.75) / 0.2) * 5 * HOUR
          : 6 * HOUR + ((u - 0.95) / 0.05) * 3 * DAY
      : u < 0.6
        ? (u / 0.6) * DAY
        : u < 0.9
          ? DAY + ((u - 0.6) / 0.3) * 3 * DAY
          : 4 * DAY + ((u - 0.9) / 0.1) * 17 * DAY;
    const at = Math.min(this.now, Math.max(earliest, this.now - age));
    this.reportWaveStart.set(reported, at);
    return at;
  }

  changeBirthdate(index: number, at: number, oldBirth: number | null, newBirth: number | null): void {
    this.files.birthdateChanges.push([
      this.id(index),
      isoTime(at),
      oldBirth === null ? '' : isoDate(oldBirth),
      newBirth === null ? '' : isoDate(newBirth),
    ]);
  }

  /** A birthdate (UTC midnight) for someone exactly `age` years old at `now`. */
  birthForAge(age: number): number {
    const latest = this.now - age * YEAR;
    return utcMidnight(this.rng.uniform(latest - YEAR + 2 * DAY, latest - DAY));
  }

  /** A random honest minor of the given age, if any exist yet. */
  minorAged(age: number): number | null {
    const year = new Date(this.now - age * YEAR).getUTCFullYear();
    for (let attempt = 0; attempt < 24; attempt++) {
      const list = this.minorsByYear.get(year - (attempt % 2));
      if (!list?.length) continue;
      const candidate = this.rng.pick(list);
      if (this.age(candidate) === age) return candidate;
    }
    return null;
  }

  /**
   * A random honest minor of the given age from a school none of `taken` came from (children who
   * do not know each other), else from any; null when there is none of that age. Adds its school to `taken`.
   */
  unrelatedMinorAged(age: number, taken: Set<number>): number | null {
    let child: number | null = null;
    for (let attempt = 0; attempt < 6; attempt++) {
      child = this.minorAged(age);
      if (child === null || !taken.has(this.communityOf[child]!)) break;
    }
    if (child !== null) taken.add(this.communityOf[child]!);
    return child;
  }

  async flushIfFull(): Promise<void> {
    for (const file of Object.values(this.files)) if (file.buffered >= 4096) await file.flush();
  }

  async close(): Promise<void> {
    for (const file of Object.values(this.files)) await file.close();
  }
}

const ACCOUNT_HEADER = [
  'account_id',
  'username',
  'display_name',
  'claimed_birthdate',
  'created_at',
  'country',
  'age_assurance',
  'device_cluster',
  'status',
];
const CONTACT_HEADER = [
  'initiator_id',
  'recipient_id',
  'first_contact_at',
  'last_contact_at',
  'messages_from_initiator',
  'messages_from_recipient',
  'media_from_initiator',
  'media_from_recipient',
];

function pairKey(a: number, b: number, n: number): number {
  return a < b ? a * n + b : b * n + a;
}

export function utcMidnight(ms: number): number {
  return Math.floor(ms / DAY) * DAY;
}

// Date#toISOString was most of the generator's time: civil-from-days arithmetic (H. Hinnant) instead.
export function isoDate(ms: number): string {
  let z = Math.floor(ms / DAY) + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  z = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return `${z}-${two(month)}-${two(day)}`;
}

export function isoTime(ms: number): string {
  const seconds = Math.floor((ms - Math.floor(ms / DAY) * DAY) / 1000);
  return `${isoDate(ms)}T${two(Math.floor(seconds / 3600))}:${two(Math.floor(seconds / 60) % 60)}:${two(seconds % 60)}Z`;
}

function two(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}
