import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { at, inScope, num, step, type RunContext } from './run-context';
import { RISK_WEIGHTS } from './weights';

/**
 * Ban evasion (issue 15): a new account on the device of an account Lookout banned for child
 * safety. A ban counts as one for child safety when it was taken on the risk page (a confirmed
 * review) or on an item of the child-safety lane, and no later reinstatement undid it. The
 * account is "new" when it was created after that ban.
 */

/** Child-safety bans still standing: account, when, and where the decision was taken. */
export function childSafetyBansSql(): SQL {
  return sql`(
    select x.account_id, x.created_at as banned_at, x.source_type, x.source_id
    from account_actions x
    where x.action = 'ban'
      and (x.source_type = 'risk_review'
        or exists (
          select 1 from queue_items qi
          where qi.reported_id = x.account_id and qi.lane = 0
            and ((x.source_type = 'queue_item' and qi.id::text = x.source_id) or x.source_type = 'bulk_batch')
        ))
      and not exists (
        select 1 from account_actions later
        where later.account_id = x.account_id and later.action = 'reinstate' and later.created_at > x.created_at
      )
  )`;
}

/** Whether the account (an SQL expression of its id) is a new account on the device of a child-safety ban. */
export function evadesChildSafetyBanSql(accountId: SQL): SQL {
  return sql`exists (
    select 1 from accounts e
    join accounts b on b.device_cluster = e.device_cluster and b.account_id <> e.account_id
    join ${childSafetyBansSql()} ban on ban.account_id = b.account_id
    where e.account_id = ${accountId} and e.created_at > ban.banned_at
  )`;
}

/** The `ban_evasion` signal for the run's accounts, into `risk_signal_rows`. Building block of a scoring run. */
export async function insertBanEvasionSignals(tx: Db, run: RunContext): Promise<void> {
  await step(
    tx,
    run,
    'ban evasion',
    sql`insert into risk_signal_rows (account_id, code, weight, value, evidence, pattern, details)
      select e.account_id, 'ban_evasion', ${num(RISK_WEIGHTS.banEvasion.points)}, count(distinct b.account_id),
        format('created on %s on the device of %s, banned for child safety on %s (%s)%s',
          to_char(e.created_at, 'YYYY-MM-DD'), min(b.account_id), to_char(min(ban.banned_at), 'YYYY-MM-DD'),
          case min(ban.source_type) when 'risk_review' then 'a confirmed risk review' else 'a child-safety report' end,
          case when count(distinct b.account_id) > 1 then format(' and %s other banned accounts', count(distinct b.account_id) - 1) else '' end),
        null::risk_pattern, jsonb_build_object('accounts', to_jsonb((array_agg(distinct b.account_id))[1:10]))
      from accounts e
      join accounts b on b.device_cluster = e.device_cluster and b.account_id <> e.account_id
      join ${childSafetyBansSql()} ban on ban.account_id = b.account_id
      where e.created_at > ban.banned_at and e.created_at <= ${at(run.asOf)} and ban.banned_at <= ${at(run.asOf)}
        and e.created_at > ${at(run.windowStart)} ${inScope(run, sql`e.account_id`)}
      group by e.account_id, e.created_at`,
  );
}
