import { ageAt, ageBandOf, type AgeBand } from '@/lib/platform/age-band';

export const AGE_BAND_LABELS: Record<AgeBand, string> = {
  under_13: 'Under 13',
  '13_15': '13–15',
  '16_17': '16–17',
  adult: 'Adult',
  unknown: 'Not given',
};

export function formatNumber(n: number): string {
  return new Intl.NumberFormat('en-GB').format(n);
}

export function formatDateTime(at: Date): string {
  return at.toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
}

/** "15 (13–15)" for a claimed birthdate, or "not given". */
export function claimedAge(birthdate: string | null, at = new Date()): string {
  if (!birthdate) return 'not given';
  const age = ageAt(birthdate, at);
  return `${age} (${AGE_BAND_LABELS[ageBandOf(age)]})`;
}
