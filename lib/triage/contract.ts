/**
 * Triage vocabulary shared by the schema, the domain logic, the API and the UI. Plain values, no I/O.
 */
import type { ReportCategory } from '../platform/contract';

/** An item's life: open → in_review → resolved | dismissed, or escalated; `merged` when folded into another item. */
export const ITEM_STATUS = ['open', 'in_review', 'escalated', 'resolved', 'dismissed', 'merged'] as const;
export type ItemStatus = (typeof ITEM_STATUS)[number];
export const ACTIVE_ITEM_STATUS = ['open', 'in_review', 'escalated'] as const satisfies readonly ItemStatus[];

export const ACCOUNT_ACTIONS = ['warn', 'restrict', 'suspend', 'ban', 'reinstate'] as const;
export type AccountAction = (typeof ACCOUNT_ACTIONS)[number];

export const ESCALATION_TARGETS = ['senior_review', 'liaison'] as const;
export type EscalationTarget = (typeof ESCALATION_TARGETS)[number];

/** Decisions a moderator takes on an item (claims and assignment are not decisions). */
export const REVIEW_ACTIONS = ['acknowledge', 'dismiss', 'resolve', 'escalate', 'comment'] as const;
export type ReviewAction = (typeof REVIEW_ACTIONS)[number];

export const EVENT_KINDS = [
  'created',
  'reports_added',
  'claimed',
  'released',
  'assigned',
  'unassigned',
  'acknowledged',
  'dismissed',
  'resolved',
  'escalated',
  'commented',
  'merged',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export const BUILTIN_QUEUES = {
  childSafety: 'child-safety',
  escalated: 'escalated',
  everythingElse: 'everything-else',
} as const;

/** Categories that put a report in the child-safety lane. */
export const CHILD_SAFETY_CATEGORIES = ['grooming', 'sexual_content', 'age_misrepresentation'] as const satisfies readonly ReportCategory[];

/** How much a category weighs in an item's priority (higher is more urgent). */
export const CATEGORY_SEVERITY: Record<ReportCategory, number> = {
  grooming: 10,
  self_harm: 9,
  sexual_content: 8,
  age_misrepresentation: 6,
  harassment: 4,
  other: 2,
  spam: 1,
};

/** How long a claim holds an item before another moderator's "Start reviewing" may take it. */
export const CLAIM_LEASE_MINUTES = 15;

/** The most items one bulk batch may touch. */
export const BULK_MAX_ITEMS = 1000;
