import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';
import { accounts, birthdateChanges, blocks, contacts, reports } from '@/db/schema';
import type { Actor } from '@/lib/auth/permissions';
import type { ReportCategory, ReportSource } from '@/lib/platform/contract';
import { scoreAll } from '@/lib/risk/score';
import { ctxOf } from '../helpers/context';

/** The moment hand-built graphs are judged at. */
export const AS_OF = new Date('2026-06-01T00:00:00Z');
const DAY = 86_400_000;
const YEAR = 365.25 * DAY;

export const ADMIN: Actor & { type: 'staff' } = { type: 'staff', id: randomUUID(), email: 'admin@test', role: 'admin' };

export function birthdateForAge(age: number): string {
  return new Date(AS_OF.getTime() - age * YEAR - 100 * DAY).toISOString().slice(0, 10);
}

const daysAgo = (days: number) => new Date(AS_OF.getTime() - days * DAY);

interface PersonOptions {
  /** Claimed age at AS_OF; null leaves the birthdate empty. */
  age: number | null;
  check?: 'none' | 'adult' | 'minor';
  /** Defaults to a device of its own; null for a platform that exports none. */
  device?: string | null;
  createdYearsAgo?: number;
}

interface TalkOptions {
  fromInitiator?: number;
  fromRecipient?: number;
  mediaFromInitiator?: number;
  mediaFromRecipient?: number;
  daysAgo?: number;
  /** When the last message was (default: ten days after the first, never after AS_OF). */
  lastDaysAgo?: number;
}

/** A small hand-built platform graph: people, conversations, blocks, reports, birthdate changes. */
export class Graph {
  private readonly accountRows: (typeof accounts.$inferInsert)[] = [];
  private readonly contactRows = new Map<string, typeof contacts.$inferInsert>();
  private readonly blockRows: (typeof blocks.$inferInsert)[] = [];
  private readonly reportRows: (typeof reports.$inferInsert)[] = [];
  private readonly changeRows: (typeof birthdateChanges.$inferInsert)[] = [];

  person(id: string, options: PersonOptions): string {
    this.accountRows.push({
      accountId: id,
      username: id,
      claimedBirthdate: options.age === null ? null : birthdateForAge(options.age),
      createdAt: new Date(AS_OF.getTime() - (options.createdYearsAgo ?? 1) * YEAR),
      ageAssurance: options.check ?? 'none',
      deviceCluster: options.device === undefined ? `device-${id}` : options.device,
    });
    return id;
  }

  /** `count` accounts of one age: `prefix1`, `prefix2`… */
  people(prefix: string, count: number, options: PersonOptions): string[] {
    return Array.from({ length: count }, (_, i) => this.person(`${prefix}${i + 1}`, options));
  }

  talk(initiator: string, recipient: string, options: TalkOptions = {}): this {
    const [lo, hi] = initiator < recipient ? [initiator, recipient] : [recipient, initiator];
    const first = daysAgo(options.daysAgo ?? 30);
    this.contactRows.set(`${lo}|${hi}`, {
      accountLo: lo,
      accountHi: hi,
      initiatorId: initiator,
      recipientId: recipient,
      firstContactAt: first,
      lastContactAt: options.lastDaysAgo === undefined ? new Date(Math.min(first.getTime() + 10 * DAY, AS_OF.getTime())) : daysAgo(options.lastDaysAgo),
      messagesFromInitiator: options.fromInitiator ?? 20,
      messagesFromRecipient: options.fromRecipient ?? 20,
      mediaFromInitiator: options.mediaFromInitiator ?? 0,
      mediaFromRecipient: options.mediaFromRecipient ?? 0,
    });
    return this;
  }

  /** Everyone in the group talks to everyone else: a class, a team. */
  clique(ids: readonly string[], options: TalkOptions = {}): this {
    ids.forEach((a, i) => ids.slice(i + 1).forEach((b) => this.talk(a, b, options)));
    return this;
  }

  block(blocker: string, blocked: string, days = 10): this {
    this.blockRows.push({ blockerId: blocker, blockedId: blocked, blockedAt: daysAgo(days) });
    return this;
  }

  report(reporter: string | null, reported: string, category: ReportCategory, description = '', source: ReportSource = 'user'): this {
    this.reportRows.push({
      reportId: `r${this.reportRows.length + 1}`,
      reporterId: reporter,
      reportedId: reported,
      category,
      description,
      createdAt: daysAgo(5),
      source,
    });
    return this;
  }

  changeBirthdate(id: string, from: string, to: string, days: number): this {
    this.changeRows.push({ accountId: id, changedAt: daysAgo(days), oldBirthdate: from, newBirthdate: to });
    return this;
  }

  async save(db: Db): Promise<void> {
    await db.insert(accounts).values(this.accountRows);
    if (this.contactRows.size) await db.insert(contacts).values([...this.contactRows.values()]);
    if (this.blockRows.length) await db.insert(blocks).values(this.blockRows);
    if (this.reportRows.length) await db.insert(reports).values(this.reportRows);
    if (this.changeRows.length) await db.insert(birthdateChanges).values(this.changeRows);
  }
}

/** Empties the platform and risk tables, referencing tables first (DELETE: lookout_app truncates no record table). */
export async function resetPlatform(db: Db): Promise<void> {
  for (const table of ['pattern_flags', 'risk_reviews', 'risk_signals', 'risk_scores', 'risk_runs', 'birthdate_changes', 'contacts', 'blocks', 'reports', 'accounts']) {
    await db.execute(sql`delete from ${sql.identifier(table)}`);
  }
}

/** Saves the graph, scores everything at AS_OF, and returns a reader for the results. */
export async function scoreGraph(db: Db, graph: Graph) {
  await resetPlatform(db);
  await graph.save(db);
  await scoreAll(ctxOf(db, ADMIN), { asOf: AS_OF });
  return readScores(db);
}

export interface StoredSignal {
  code: string;
  weight: number;
  value: number;
  evidence: string;
  pattern: string | null;
}

export async function readScores(db: Db) {
  const scores = await queryRows<{ account_id: string; score: number; claimed_band: string; likely_band: string; patterns: string }>(
    db,
    sql`select account_id, score, claimed_band, likely_band, patterns::text from risk_scores`,
  );
  const signals = await queryRows<StoredSignal & { account_id: string }>(
    db,
    sql`select account_id, code, weight, value, evidence, pattern from risk_signals`,
  );
  return {
    score: (id: string) => scores.find((s) => s.account_id === id)?.score ?? 0,
    row: (id: string) => scores.find((s) => s.account_id === id),
    signal: (id: string, code: string) => signals.find((s) => s.account_id === id && s.code === code),
    signals: (id: string) => signals.filter((s) => s.account_id === id),
  };
}
