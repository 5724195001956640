import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { at, num, step, workTable, type RunContext } from './run-context';
import { RISK_WEIGHTS } from './weights';

const D = RISK_WEIGHTS.depth;

/**
 * Depth (issue 15), building block of a scoring run after the contact signals: its own path to
 * the top for an account that reaches few children but holds on to them. A *deep* conversation is
 * one with a younger minor who knows none of the account's other younger contacts (the community
 * test of lib/risk/signals.ts), lasting `minDays` or more up to the as-of time, in which the
 * account wrote at least `minMessages` messages and `ratio` times what the child wrote back. The
 * platform gives each conversation's first and last moment and its totals, not a time series, so
 * escalation is read from what the totals show: months of lopsided attention, and pictures from
 * the child at the end of it.
 *
 * Weighed like the other contact signals: by the account's age (a minor by the gap) and by
 * volume without a preference for minors (lib/risk/targeting.ts).
 */
export async function insertDepthSignals(tx: Db, run: RunContext): Promise<void> {
  // The sample carries each conversation's totals and times from the edge pass: no lookup of contacts
  // (31,000 of them at 10M conversations took 0.3 s with the index in memory and 41 s without).
  const days = sql`extract(epoch from (least(s.last_at, ${at(run.asOf)}) - s.first_at)) / 86400.0`;
  await step(
    tx,
    run,
    'depth',
    sql`${workTable(run, 'risk_depth')} as
      select s.cand, count(*)::int as deep, count(*) filter (where s.media_minor > 0)::int as with_media,
        sum(s.msgs_older)::int as written, sum(s.msgs_minor)::int as answered,
        round(min(${days}) / 30.44)::int as shortest_months, round(max(${days}) / 30.44)::int as longest_months,
        (array_agg(s.target order by s.target))[1:10] as ids
      from risk_sample s
      where not exists (select 1 from risk_linked l where l.cand = s.cand and l.target = s.target)
        and s.msgs_minor >= ${num(D.minReplies)}
        and s.msgs_older >= ${num(D.minMessages)} and s.msgs_older >= ${num(D.ratio)} * s.msgs_minor
        and ${days} >= ${num(D.minDays)}
      group by s.cand
      having count(*) >= ${num(D.minConversations)}`,
  );
  const factor = sql`f.age_factor * f.volume_factor`;
  const notes = sql`concat(
      case when f.is_minor_itself then format(' (it claims %s itself: ×%s)', f.claimed_age, round(f.age_factor::numeric, 2)::float8)
           when f.age_factor < 1 then format(' (its own age is uncertain: ×%s)', round(f.age_factor::numeric, 2)::float8) end,
      case when f.bulk then format(' (volume, not a preference for minors: ×%s)', round(f.volume_factor::numeric, 2)::float8) end)`;
  const months = sql`case when d.shortest_months = d.longest_months then format('%s months', d.longest_months)
      else format('%s–%s months', d.shortest_months, d.longest_months) end`;
  await step(
    tx,
    run,
    'depth signals',
    sql`insert into risk_signal_rows (account_id, code, weight, value, evidence, pattern, details)
      select d.cand, 'sustained_contact',
        least(${num(D.max)}, ${num(D.each)} * greatest(0, d.deep - ${num(D.allowance)}) + ${num(D.mediaEach)} * d.with_media) * ${factor},
        d.deep,
        format('kept up %s long conversations with younger minors who know none of its other young contacts, over %s: it wrote %s messages to their %s (%s× as many)%s%s',
          d.deep, ${months}, d.written, d.answered, round(d.written::numeric / greatest(d.answered, 1), 1)::float8,
          case when d.with_media = 0 then '' when d.with_media = d.deep then '; every one of them sent it photos or videos'
            else format('; %s of them sent it photos or videos', d.with_media) end,
          ${notes}),
        'adult_contacting_minors'::risk_pattern, jsonb_build_object('accounts', to_jsonb(d.ids))
      from risk_depth d join risk_factors f on f.older_id = d.cand`,
  );
}
