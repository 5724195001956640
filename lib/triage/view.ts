import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type { AgeBand } from '../platform/age-band';
import type { ReportCategory } from '../platform/contract';
import { queueViewQuery } from './listing';

/**
 * A queue view as a bulk action reads it: the queue page's filters without the page cursor.
 * The bulk workspace acts on exactly this, so it must be the very filter the moderator looked at.
 */
export const bulkViewSchema = queueViewQuery.omit({ after: true });
export type QueueView = z.infer<typeof bulkViewSchema>;

/** The fields that decide which items a view holds (the sort only orders them). */
function filterPart(view: QueueView) {
  return {
    queue: view.queue ?? null,
    category: view.category ?? null,
    ageBand: view.ageBand ?? null,
    assigned: view.assigned,
    overdue: view.overdue === '1',
  };
}

/**
 * A short, stable digest of what a view filters on. The queue page puts it in its bulk link and
 * the bulk workspace sends it with the preview and the confirmation: if any step read the filter
 * differently (a parameter dropped, a default filled in), the digests differ and the action is refused
 * instead of silently acting on a wider set.
 */
export function viewFingerprint(view: QueueView): string {
  return createHash('sha256').update(JSON.stringify(filterPart(view))).digest('hex').slice(0, 16);
}

const ASSIGNED_WORDS = { any: 'assigned to anyone or no one', unassigned: 'free to claim', mine: 'held by you' } as const;

/** The view's filter in words, one part per condition, for the bulk page to state what it acts on. */
export function describeView(
  view: QueueView,
  labels: { queueName: string; category: (category: ReportCategory) => string; ageBand: (band: AgeBand) => string },
): string[] {
  return [
    `queue ${labels.queueName}`,
    view.category ? `category ${labels.category(view.category)}` : 'any category',
    view.ageBand ? `reported account's age ${labels.ageBand(view.ageBand)}` : "any reported account's age",
    ASSIGNED_WORDS[view.assigned],
    view.overdue ? 'overdue only' : 'overdue or not',
  ];
}

/** The messages of a failed view parse: each already names its parameter (see queueViewQuery). */
export function viewProblems(error: z.ZodError): string[] {
  return [...new Set(error.issues.map((issue) => issue.message))];
}
