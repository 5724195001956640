import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { isMinorSql } from '../platform/age-band';

/**
 * The filters an account's conversations are looked at through, shared by the conversations
 * table (lib/accounts/detail.ts), the contact graph and its timeline (lib/graph/ego.ts): the same
 * URL parameters mean the same rows everywhere, so a graph's node count is the table's row count.
 *
 * - `minors`: the other person is a minor (claimed age band, lib/platform/age-band.ts).
 * - `started`: this account wrote first.
 * - `media`: the other person is a minor and sent this account media.
 * - `from` / `to` (UTC dates, inclusive): the conversation was going on during the window — it
 *   started on or before `to` and its last message is on or after `from`.
 */
const flag = z.preprocess((value) => {
  const one = Array.isArray(value) ? value[0] : value;
  return one === true || one === '1' || one === 'on' || one === 'true';
}, z.boolean());

const day = z.preprocess(
  (value) => {
    const one = Array.isArray(value) ? value[0] : value;
    return one === '' || one === null ? undefined : one;
  },
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')
    .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), 'not a calendar date')
    .optional(),
);

export const contactFilterSchema = z
  .object({ minors: flag, started: flag, media: flag, from: day, to: day })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { message: 'the window ends before it starts', path: ['to'] });
export type ContactFilter = z.output<typeof contactFilterSchema>;

export const NO_CONTACT_FILTER: ContactFilter = { minors: false, started: false, media: false };

/** A filter from a page's search parameters; anything unreadable is the unfiltered view's problem, not a 500. */
export function contactFilterFrom(params: Record<string, string | string[] | undefined>): ContactFilter {
  const parsed = contactFilterSchema.safeParse(params);
  return parsed.success ? parsed.data : NO_CONTACT_FILTER;
}

export function isFiltered(filter: ContactFilter): boolean {
  return filter.minors || filter.started || filter.media || Boolean(filter.from) || Boolean(filter.to);
}

/** The filter as URL parameters (only what is set), for links that keep it. */
export function contactFilterParams(filter: ContactFilter): URLSearchParams {
  const params = new URLSearchParams();
  if (filter.minors) params.set('minors', '1');
  if (filter.started) params.set('started', '1');
  if (filter.media) params.set('media', '1');
  if (filter.from) params.set('from', filter.from);
  if (filter.to) params.set('to', filter.to);
  return params;
}

/** The filter as the audit entry records it. */
export function contactFilterAudit(filter: ContactFilter): Record<string, unknown> {
  return Object.fromEntries(contactFilterParams(filter).entries());
}

/**
 * Building block: the filter as a SQL condition over one of `accountId`'s conversations, seen as
 * `c` (a contacts row) with the other person's account as `peer` (left-joined: may be null).
 */
export function contactFilterSql(filter: ContactFilter, accountId: string, now: Date): SQL {
  const parts: SQL[] = [sql`true`];
  const peerIsMinor = isMinorSql(sql`peer.claimed_birthdate`, sql`peer.age_assurance`, now);
  if (filter.minors || filter.media) parts.push(sql`coalesce(${peerIsMinor}, false)`);
  if (filter.started) parts.push(sql`c.initiator_id = ${accountId}`);
  if (filter.media) parts.push(sql`(case when c.initiator_id = ${accountId} then c.media_from_recipient else c.media_from_initiator end) > 0`);
  if (filter.from) parts.push(sql`c.last_contact_at >= ${`${filter.from}T00:00:00Z`}::timestamptz`);
  if (filter.to) parts.push(sql`c.first_contact_at < ${new Date(Date.parse(`${filter.to}T00:00:00Z`) + 86_400_000).toISOString()}::timestamptz`);
  return sql.join(parts, sql` and `);
}
