/**
 * The import contract (v1) as data: enums and field limits shared by the
 * schema, the CSV import, the API and the generator. Plain values, no I/O.
 */
export const ID_MAX = 64;
export const USERNAME_MAX = 64;
export const DISPLAY_NAME_MAX = 256;
export const COUNTRY_MAX = 64;
export const DESCRIPTION_MAX = 10_000;

export const AGE_ASSURANCE = ['none', 'adult', 'minor'] as const;
export const ACCOUNT_STATUS = ['active', 'suspended', 'banned', 'deleted'] as const;
export const REPORT_CATEGORIES = [
  'grooming',
  'sexual_content',
  'age_misrepresentation',
  'harassment',
  'spam',
  'self_harm',
  'other',
] as const;
export const REPORT_SOURCES = ['user', 'automated', 'law_enforcement'] as const;
export const REPORT_STATUS = ['open', 'in_review', 'resolved', 'dismissed', 'escalated'] as const;

export type AgeAssurance = (typeof AGE_ASSURANCE)[number];
export type AccountStatus = (typeof ACCOUNT_STATUS)[number];
export type ReportCategory = (typeof REPORT_CATEGORIES)[number];
export type ReportSource = (typeof REPORT_SOURCES)[number];
export type ReportStatus = (typeof REPORT_STATUS)[number];

/** Age bands used across Lookout; boundaries are whole years of age. */
export const AGE_BANDS = ['under_13', '13_15', '16_17', 'adult', 'unknown'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

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
