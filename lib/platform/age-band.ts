import { sql, type SQL } from 'drizzle-orm';
import type { AgeAssurance } from './contract';

/**
 * The claimed age band: the one rule every page, queue, score and review uses, in TypeScript
 * and, beside it, in SQL. Keep the two in step; tests/platform/age-band.test.ts checks that they
 * and every caller agree on both sides of each edge.
 *
 * - Age is whole years between the claimed birthdate and the as-of instant's UTC date, as a
 *   birthday party counts them (someone born on 29 February turns a year older on 1 March).
 * - Bands: under 13, 13–15, 16–17, adult; no birthdate is "unknown".
 * - An age check settles only what the claim leaves open or gets wrong in the unsafe direction:
 *   a check saying "minor" on an account claiming adulthood (or nothing) puts it in the oldest
 *   minor band, the least it can be; a check saying "adult" fills in a missing birthdate.
 *
 * Likely age (evidence that a claimed minor is an adult) is lib/risk's and builds on this.
 */
export const AGE_BANDS = ['under_13', '13_15', '16_17', 'adult', 'unknown'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

/** The bands of someone under 18: "is a minor" means the claimed band is one of these. */
export const MINOR_BANDS: readonly AgeBand[] = ['under_13', '13_15', '16_17'];

/** The band of an age in whole years (null: no age). */
export function ageBandOf(age: number | null): AgeBand {
  if (age === null) return 'unknown';
  if (age < 13) return 'under_13';
  if (age < 16) return '13_15';
  if (age < 18) return '16_17';
  return 'adult';
}

/** Whole years between a YYYY-MM-DD birthdate and an instant, as a birthday party would count them (UTC). */
export function ageAt(birthdate: string, at: Date): number {
  const [y, m, d] = birthdate.split('-').map(Number) as [number, number, number];
  let age = at.getUTCFullYear() - y;
  const beforeBirthday = at.getUTCMonth() + 1 < m || (at.getUTCMonth() + 1 === m && at.getUTCDate() < d);
  if (beforeBirthday) age -= 1;
  return age;
}

/** The claimed age band of an account at an instant. */
export function claimedAgeBand(birthdate: string | null, assurance: AgeAssurance | null, at: Date): AgeBand {
  const band = birthdate ? ageBandOf(ageAt(birthdate, at)) : 'unknown';
  if (assurance === 'minor' && (band === 'adult' || band === 'unknown')) return '16_17';
  if (assurance === 'adult' && band === 'unknown') return 'adult';
  return band;
}

/** The as-of instant's UTC date as a SQL date, so both engines count from the same day whatever the session time zone. */
function asOfDate(at: Date): SQL {
  return sql`${at.toISOString().slice(0, 10)}::date`;
}

/** The day someone must be born after to be under `years` at `at`: a birthdate later than this is younger. */
function bornAfter(at: Date, years: number): SQL {
  return sql`(${asOfDate(at)} - interval '${sql.raw(String(years))} years')::date`;
}

/**
 * SQL twin of claimedAgeBand, as text, over a birthdate (date) and an age check (age_assurance or
 * text) expression.
 */
export function claimedAgeBandSql(birthdate: SQL, assurance: SQL, at: Date): SQL {
  return sql`(case
    when ${assurance} = 'minor' and (${birthdate} is null or ${birthdate} <= ${bornAfter(at, 18)}) then '16_17'
    when ${birthdate} is null then case when ${assurance} = 'adult' then 'adult' else 'unknown' end
    when ${birthdate} > ${bornAfter(at, 13)} then 'under_13'
    when ${birthdate} > ${bornAfter(at, 16)} then '13_15'
    when ${birthdate} > ${bornAfter(at, 18)} then '16_17'
    else 'adult' end)`;
}

/** SQL twin of "is a minor": the claimed band is under 18 (never null). */
export function isMinorSql(birthdate: SQL, assurance: SQL, at: Date): SQL {
  return sql`(${claimedAgeBandSql(birthdate, assurance, at)} in (${sql.raw(MINOR_BANDS.map((band) => `'${band}'`).join(', '))}))`;
}
