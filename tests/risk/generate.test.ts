import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatePopulation, PLANTED_KINDS, type GenerateSummary } from '@/lib/generate';

/** The synthetic population: deterministic per seed, and consistent with the import contract. */
describe('lookout generate', () => {
  let root: string;
  let summary: GenerateSummary;
  const rows: Record<string, Record<string, string>[]> = {};

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'lookout-generate-'));
    summary = await generatePopulation({ out: path.join(root, 'a'), accounts: 3000, seed: 'determinism' });
    for (const name of ['accounts', 'contacts', 'blocks', 'reports', 'birthdate_changes']) {
      rows[name] = parse(await readFile(path.join(root, 'a', `${name}.csv`)), { columns: true }) as Record<string, string>[];
    }
  });
  afterAll(async () => rm(root, { recursive: true, force: true }));

  const digest = async (dir: string) => {
    const files = (await readdir(dir)).sort();
    return Promise.all(files.map(async (f) => [f, createHash('sha256').update(await readFile(path.join(dir, f))).digest('hex')]));
  };

  it('writes identical files for the same seed, different ones for another seed', async () => {
    await generatePopulation({ out: path.join(root, 'b'), accounts: 3000, seed: 'determinism' });
    await generatePopulation({ out: path.join(root, 'c'), accounts: 3000, seed: 'another' });
    const [a, b, c] = (await Promise.all(['a', 'b', 'c'].map((d) => digest(path.join(root, d))))) as [string[][], string[][], string[][]];
    expect(a.map(([f]) => f)).toEqual(['accounts.csv', 'birthdate_changes.csv', 'blocks.csv', 'contacts.csv', 'reports.csv', 'truth.json']);
    expect(b).toEqual(a);
    expect(c.find(([f]) => f === 'contacts.csv')).not.toEqual(a.find(([f]) => f === 'contacts.csv'));
  });

  it('writes exactly the accounts asked for, with unique ids', () => {
    expect(rows.accounts).toHaveLength(3000);
    expect(summary.accounts).toBe(3000);
    expect(new Set(rows.accounts!.map((r) => r.account_id)).size).toBe(3000);
  });

  it('writes one conversation per pair, only between known accounts, and nothing after its moment', () => {
    const ids = new Set(rows.accounts!.map((r) => r.account_id));
    const pairs = new Set<string>();
    for (const c of rows.contacts!) {
      expect(ids.has(c.initiator_id!) && ids.has(c.recipient_id!)).toBe(true);
      const key = [c.initiator_id, c.recipient_id].sort().join('|');
      expect(pairs.has(key)).toBe(false);
      pairs.add(key);
      expect(c.first_contact_at! <= c.last_contact_at!).toBe(true);
      expect(c.last_contact_at! <= '2026-11-01T00:00:00Z').toBe(true);
    }
    expect(rows.contacts).toHaveLength(summary.conversations);
    for (const r of rows.reports!) expect(ids.has(r.reported_id!)).toBe(true);
    for (const b of rows.blocks!) expect(ids.has(b.blocker_id!) && ids.has(b.blocked_id!)).toBe(true);
    for (const c of rows.birthdate_changes!) expect(c.changed_at! <= '2026-11-01T00:00:00Z').toBe(true);
  });

  it('plants every kind of case and labels the innocent look-alikes', () => {
    expect(new Set(summary.planted.map((p) => p.kind))).toEqual(new Set(PLANTED_KINDS));
    const kinds = new Set(summary.lookalikes.map((l) => l.kind));
    for (const kind of [
      'coach',
      'spam',
      'parent_family_device',
      'child_family_device',
      'birthdate_typo_teen',
      'scammer',
      'youth_worker',
      'family_group_chat',
      'teen_streamer',
      'school_leaver',
      'teacher_two_years',
    ]) {
      expect(kinds).toContain(kind);
    }
    const planted = new Set(summary.planted.map((p) => p.account_id));
    expect(summary.lookalikes.some((l) => planted.has(l.account_id))).toBe(false);
  });

  it('dates open reports like a live day: child-safety items mostly within their hour, a plausible backlog', () => {
    const now = Date.parse('2026-11-01T00:00:00Z');
    const ageInYears = new Map(rows.accounts!.map((r) => [r.account_id!, r.claimed_birthdate ? (now - Date.parse(r.claimed_birthdate)) / (365.25 * 86_400_000) : 99]));
    const waitingSince = new Map<string, number>();
    const childSafety = new Set<string>();
    for (const r of rows.reports!) {
      const at = Date.parse(r.created_at!);
      expect(at).toBeLessThanOrEqual(now);
      waitingSince.set(r.reported_id!, Math.min(waitingSince.get(r.reported_id!) ?? at, at));
      const byMinor = r.reporter_id !== '' && ageInYears.get(r.reporter_id!)! < 18;
      if (['grooming', 'sexual_content', 'age_misrepresentation'].includes(r.category!) || byMinor) childSafety.add(r.reported_id!);
    }
    const share = (ids: string[], withinMs: number) => ids.filter((id) => now - waitingSince.get(id)! <= withinMs).length / ids.length;
    const urgent = [...childSafety];
    const rest = [...waitingSince.keys()].filter((id) => !childSafety.has(id));
    expect(urgent.length).toBeGreaterThan(10);
    // The child-safety queue's target is an hour: a team that keeps up has most of its items inside it.
    expect(share(urgent, 3_600_000)).toBeGreaterThan(0.6);
    expect(share(urgent, 3_600_000)).toBeLessThan(1);
    // Everything else (a day's target): most within the day, some backlog, none older than three weeks.
    expect(share(rest, 86_400_000)).toBeGreaterThan(0.4);
    expect(share(rest, 86_400_000)).toBeLessThan(0.9);
    expect(share(rest, 21 * 86_400_000)).toBe(1);
  });

  it('refuses a population too small to hold a school', async () => {
    await expect(generatePopulation({ out: path.join(root, 'd'), accounts: 50, seed: 'x' })).rejects.toThrow(/at least 200/);
  });
});
