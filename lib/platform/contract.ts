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
