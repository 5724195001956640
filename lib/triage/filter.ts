import { z } from 'zod';
import { AGE_BANDS, type AgeBand } from '../platform/age-band';
import { REPORT_CATEGORIES, REPORT_SOURCES, type ReportCategory, type ReportSource } from '../platform/contract';

/**
 * A queue's filter: it matches a report when ANY clause matches, and a clause matches when ALL of
 * its conditions do. `{ any: [{}] }` matches everything (the catch-all queue).
 */
export const filterClauseSchema = z
  .object({
    categories: z.array(z.enum(REPORT_CATEGORIES)).min(1).optional(),
    sources: z.array(z.enum(REPORT_SOURCES)).min(1).optional(),
    reportedAgeBands: z.array(z.enum(AGE_BANDS)).min(1).optional(),
    reporterAgeBands: z.array(z.enum(AGE_BANDS)).min(1).optional(),
    reportedContactsMinors: z.boolean().optional(),
    minRisk: z.number().min(0).max(1000).optional(),
    hasHold: z.boolean().optional(),
    escalated: z.boolean().optional(),
    /** The reported account is a new account on the device of one banned for child safety (lib/risk/ban-evasion.ts). */
    banEvasion: z.boolean().optional(),
  })
  .strict();

export const queueFilterSchema = z.object({ any: z.array(filterClauseSchema).min(1).max(20) }).strict();

export type FilterClause = z.infer<typeof filterClauseSchema>;
export type QueueFilter = z.infer<typeof queueFilterSchema>;

/** What routing knows about one report when it decides its queue. */
export interface ReportFacts {
  category: ReportCategory;
  source: ReportSource;
  reportedAgeBand: AgeBand;
  reporterAgeBand: AgeBand | null;
  reportedContactsMinors: boolean;
  risk: number | null;
  hasHold: boolean;
  escalated: boolean;
  /** Absent where routing did not ask (older callers): not ban evasion. */
  banEvasion?: boolean;
}

function clauseMatches(clause: FilterClause, facts: ReportFacts): boolean {
  if (clause.categories && !clause.categories.includes(facts.category)) return false;
  if (clause.sources && !clause.sources.includes(facts.source)) return false;
  if (clause.reportedAgeBands && !clause.reportedAgeBands.includes(facts.reportedAgeBand)) return false;
  if (clause.reporterAgeBands && (facts.reporterAgeBand === null || !clause.reporterAgeBands.includes(facts.reporterAgeBand))) {
    return false;
  }
  if (clause.reportedContactsMinors !== undefined && clause.reportedContactsMinors !== facts.reportedContactsMinors) return false;
  if (clause.minRisk !== undefined && (facts.risk === null || facts.risk < clause.minRisk)) return false;
  if (clause.hasHold !== undefined && clause.hasHold !== facts.hasHold) return false;
  if (clause.escalated !== undefined && clause.escalated !== facts.escalated) return false;
  if (clause.banEvasion !== undefined && clause.banEvasion !== (facts.banEvasion ?? false)) return false;
  return true;
}

export function filterMatches(filter: QueueFilter, facts: ReportFacts): boolean {
  return filter.any.some((clause) => clauseMatches(clause, facts));
}

/** A one-line reading of a filter for the admin page. */
export function describeFilter(filter: QueueFilter): string {
  return filter.any
    .map((clause) => {
      const parts = Object.entries(clause).map(([key, value]) => `${key} ${Array.isArray(value) ? value.join('/') : String(value)}`);
      return parts.length === 0 ? 'everything' : parts.join(' and ');
    })
    .join(' — or — ');
}
