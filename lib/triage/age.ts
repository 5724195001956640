import { ageAt, ageBandOf, type AgeAssurance, type AgeBand } from '../platform/contract';

/**
 * The age band an account claims, corrected only where an age check settles it: a check that says
 * "minor" on an account claiming adulthood (or nothing) puts it in the oldest minor band, the least
 * it can be; a check that says "adult" fills in a missing birthdate. Likely-age reasoning is lib/risk's.
 */
export function claimedAgeBand(birthdate: string | null, assurance: AgeAssurance, at: Date): AgeBand {
  const band = birthdate ? ageBandOf(ageAt(birthdate, at)) : 'unknown';
  if (assurance === 'minor' && (band === 'adult' || band === 'unknown')) return '16_17';
  if (assurance === 'adult' && band === 'unknown') return 'adult';
  return band;
}
