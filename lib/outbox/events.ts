import { z } from 'zod';
import { ACCOUNT_ACTIONS } from '../triage/contract';

/**
 * The events Lookout sends the chat app, one schema each. The webhook body is
 * `{ type, timestamp, data }` (Standard Webhooks' recommended shape); docs/integration.md prints
 * these schemas as JSON Schema for the platform's engineers.
 */
const accountId = z.string().min(1).max(64);

export const OUTBOX_EVENT_DATA = {
  /** Carry out a moderation decision on an account; `ends_at` only for a suspension that ends by itself. */
  'account.action': z.object({
    account_id: accountId,
    action: z.enum(ACCOUNT_ACTIONS),
    reason: z.string().max(2000),
    ends_at: z.iso.datetime({ offset: true }).nullable(),
    decision_id: z.string(),
  }),
  /** Keep this account's data: a preservation hold was placed, extended or released. */
  'hold.placed': z.object({ account_id: accountId, hold_id: z.string(), expires_at: z.iso.datetime({ offset: true }) }),
  'hold.extended': z.object({ account_id: accountId, hold_id: z.string(), expires_at: z.iso.datetime({ offset: true }) }),
  'hold.released': z.object({ account_id: accountId, hold_id: z.string() }),
  /** Tell a reporter what became of their report (no detail of the decision). */
  'report.outcome': z.object({
    account_id: accountId,
    report_id: z.string(),
    outcome: z.enum(['actioned', 'not_actioned']),
  }),
  /** Protective actions taken by staff on a child's behalf, with the chat app's own user features. */
  'protection.ignore_new_users': z.object({ account_id: accountId, decision_id: z.string() }),
  'protection.silent_block': z.object({ account_id: accountId, blocked_account_id: accountId, decision_id: z.string() }),
  /** The outcome of an appeal the chat app submitted. */
  'appeal.outcome': z.object({
    account_id: accountId,
    appeal_id: z.string(),
    outcome: z.enum(['upheld', 'overturned']),
  }),
} as const;

export type OutboxEventType = keyof typeof OUTBOX_EVENT_DATA;
export type OutboxEventData<T extends OutboxEventType> = z.input<(typeof OUTBOX_EVENT_DATA)[T]>;

/** One event to write: the account it is ordered under is `data.account_id`. */
export type NewOutboxEvent = {
  [T in OutboxEventType]: { type: T; data: OutboxEventData<T>; source: { type: string; id: string } };
}[OutboxEventType];

/** The JSON body the receiver gets. */
export interface WebhookBody {
  type: OutboxEventType;
  timestamp: string;
  data: Record<string, unknown>;
}
