import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';
import { auditLog } from '@/db/schema';

/**
 * Building blocks of the audit explorer's filters, each served by an index of migration 0016.
 */

/**
 * The words of an entry an explorer text search matches: its reason and every string and number
 * in its details (not the keys). Exactly the expression of `audit_log_search_idx`, so PostgreSQL
 * answers a search from that GIN index. 'simple' keeps words as they are (no stemming, no stop
 * words): ids, usernames and email addresses are words too.
 */
export const auditSearchVector: SQL = sql`(to_tsvector('simple'::regconfig, coalesce(${auditLog.reason}, '')) || jsonb_to_tsvector('simple'::regconfig, ${auditLog.changes}, '["string", "numeric"]'::jsonb))`;

/**
 * The account an entry is about: the target when it is an account, else the reported account of a
 * queue item (`changes.reportedId`). With `auditSubjectPredicate`, the expression and condition of
 * `audit_log_subject_account_idx`.
 */
export const auditSubjectAccount: SQL = sql`(case when ${auditLog.targetType} = 'account' then ${auditLog.targetId} else ${auditLog.changes}->>'reportedId' end)`;
export const auditSubjectPredicate: SQL = sql`(${auditLog.targetType} = 'account' or ${auditLog.changes} ? 'reportedId')`;

/** The most words one search may hold. */
export const SEARCH_WORDS_MAX = 8;

/**
 * A person's search text as a tsquery: every word must occur (AND), each matched as a prefix
 * ("grooming" finds "grooming", "groom" finds it too). Each word is quoted, so no character of it is
 * read as tsquery syntax; PostgreSQL splits a quoted word the way it split the entries' text
 * (`acc_12` becomes the phrase `acc <-> 12`), so what was indexed and what is searched agree.
 * Null when the text holds no letter or digit (nothing to search for).
 */
export function searchQueryOf(text: string): string | null {
  const words = text
    .split(/\s+/)
    .filter((word) => /[\p{L}\p{N}]/u.test(word))
    .slice(0, SEARCH_WORDS_MAX);
  if (words.length === 0) return null;
  return words.map((word) => `'${word.replaceAll('\\', '\\\\').replaceAll("'", "''")}':*`).join(' & ');
}

export const ACTION_PATTERN = /^[a-z0-9_.-]+(\.\*|\*)?$/;

/**
 * Whether an action matches a pattern of the explorer: the exact action, or with a trailing `*` a
 * family — `police.*` is every action whose first word starts with "police" (`police_request.view`,
 * `police.x`), `triage.item.*` every `triage.item.…` action.
 */
export function actionMatches(pattern: string, action: string): boolean {
  if (!pattern.endsWith('*')) return pattern === action;
  const stem = pattern.replace(/\.?\*$/, '');
  if (stem === '') return true;
  return action === stem || action.startsWith(`${stem}.`) || action.startsWith(`${stem}_`);
}

/**
 * Every distinct action in the log, in order: a loose index scan of `audit_log_action_idx` (one
 * index probe per distinct action — tens — instead of reading millions of rows). Building block.
 */
export async function distinctActions(db: Db): Promise<string[]> {
  const rows = await queryRows<{ action: string }>(
    db,
    sql`with recursive found as (
          (select action from audit_log order by action limit 1)
          union all
          select (select a.action from audit_log a where a.action > found.action order by a.action limit 1)
          from found where found.action is not null
        )
        select action from found where action is not null`,
  );
  return rows.map((row) => row.action);
}

/** `%text%` for LIKE, with LIKE's own characters taken literally. */
export function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
