import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { minorShareSql } from './dirty';
import { at, liveConversation, num, step, workTable, type RunContext } from './run-context';
import { RISK_WEIGHTS } from './weights';

const T = RISK_WEIGHTS.targeting;
const C = RISK_WEIGHTS.contact;

/**
 * Targeting versus volume (issue 15). Building block of a scoring run, after the contact totals.
 *
 * An account that writes first to hundreds of accounts of every age reaches many minors without
 * preferring them; so does one that answers an audience that came to it (a streamer's viewers).
 * For every account with enough younger minors for a contact or media signal, `risk_targeting`
 * holds its whole audience — the conversations it started (any age, how many answered, with
 * pictures sent to minors), the ones others started with it, the adults and minors who blocked it —
 * and compares the share of younger minors among the conversations it started with what its
 * audience gives by chance: the population's share of minors, or, for an account many write to
 * first, the share of younger minors among those who did (if larger).
 *
 * Only an account with volume (`volumeFrom` conversations started, or as many started with it)
 * is judged this way: a handful of conversations says nothing about chance. Its contact signals
 * then count by how far its share exceeds chance — fully from `fullAt` times chance, `floor`
 * when it is no more than chance. The share is taken `margin` standard deviations low, so a
 * small number of conversations does not look like a preference by luck.
 */
export async function buildTargeting(tx: Db, run: RunContext): Promise<void> {
  const live = liveConversation(run);
  const cols = sql`c.initiator_id, c.recipient_id, c.messages_from_recipient, c.media_from_initiator`;
  const touching = run.scoped
    ? // A scoped run has a handful of candidates: index lookups of their conversations, either side.
      sql`select k.account_id, ${cols} from risk_cands k
        cross join lateral (
          select ${cols} from contacts c where c.account_lo = k.account_id and ${live}
          union all
          select ${cols} from contacts c where c.account_hi = k.account_id and ${live}
        ) c`
    : // A full run: a parallel pass over contacts for each side, hashed against the candidates
      // (one pass with either side in a materialised CTE could not run in parallel: 4.5 s against 3.5 s).
      sql`select c.initiator_id as account_id, ${cols} from contacts c where ${live} and c.initiator_id in (select account_id from risk_cands)
        union all
        select c.recipient_id, ${cols} from contacts c where ${live} and c.recipient_id in (select account_id from risk_cands)`;
  await tx.execute(sql`${workTable(run, 'risk_cands')} as
    select older_id as account_id from risk_older
    where targets >= ${num(C.minTargets)} or media_minors >= ${num(RISK_WEIGHTS.mediaFromMinors.min)}`);
  await tx.execute(sql`analyze risk_cands`);
  await step(
    tx,
    run,
    'audience',
    sql`${workTable(run, 'risk_audience')} as
      with touching as (${touching}),
      sides as (
        select t.account_id, t.initiator_id = t.account_id as started,
          case when t.initiator_id = t.account_id then t.recipient_id else t.initiator_id end as other,
          t.messages_from_recipient, t.media_from_initiator
        from touching t
      )
      select s.account_id,
        count(*) filter (where s.started)::int as started,
        count(*) filter (where s.started and s.messages_from_recipient >= ${num(C.answeredMessages)})::int as answered,
        count(*) filter (where s.started and m.is_minor)::int as to_minors,
        count(*) filter (where s.started and m.is_minor and s.media_from_initiator > 0)::int as media_to_minors,
        count(*) filter (where not s.started)::int as inbound,
        count(*) filter (where not s.started and m.is_minor and o.judged_age - m.claimed_age >= o.younger_by)::int as inbound_younger
      from sides s
      join risk_age o on o.account_id = s.account_id
      -- only minors: every count below that reads the other side asks whether it is one
      left join risk_age m on m.account_id = s.other and m.is_minor
      group by s.account_id`,
  );
  // Bulk messaging: for accounts that wrote first to enough younger minors, all the conversations
  // they started (any age), how many were answered, and how many went to minors, beside the
  // population's share of minors. The audience pass above has counted them already.
  await step(
    tx,
    run,
    'bulk messaging',
    sql`${workTable(run, 'risk_bulk')} as
      select u.account_id, u.started as initiated, u.answered, u.to_minors, base.minor_share
      from risk_audience u join risk_older o on o.older_id = u.account_id cross join (${minorShareSql(run)}) base
      where o.targets >= ${num(C.minTargets)}`,
  );
  await step(
    tx,
    run,
    'targeting',
    sql`${workTable(run, 'risk_targeting')} as
      with base as (${minorShareSql(run)}),
      blockers as (
        select b.blocked_id as account_id,
          count(*) filter (where not coalesce(m.is_minor, false))::int as adults,
          count(*) filter (where m.is_minor)::int as minors
        from blocks b left join risk_age m on m.account_id = b.blocker_id
        where b.blocked_id in (select account_id from risk_audience)
          and b.blocked_at > ${at(run.windowStart)} and b.blocked_at <= ${at(run.asOf)}
        group by b.blocked_id
      ),
      audience as (
        select u.*, o.targets as targets_started, base.minor_share,
          coalesce(k.adults, 0) as adult_blockers, coalesce(k.minors, 0) as minor_blockers,
          u.inbound >= ${num(T.audienceFrom)} and u.inbound_younger::real / u.inbound > base.minor_share as public_audience
        from risk_audience u join risk_older o on o.older_id = u.account_id cross join base
        left join blockers k on k.account_id = u.account_id
      ),
      judged as (
        select a.*,
          case when a.public_audience then a.inbound_younger::real / a.inbound else a.minor_share end as chance,
          a.started >= ${num(T.volumeFrom)} or a.inbound >= ${num(T.volumeFrom)} as volume
        from audience a
      )
      select j.*,
        -- the share of younger minors among the conversations it started, some standard deviations low
        greatest(0, (j.targets_started - ${num(T.margin)} * sqrt(j.started * j.chance * (1 - j.chance))) / nullif(j.started, 0)) / j.chance as preference,
        case when not j.volume or j.started = 0 then 1
          else least(1, greatest(${num(T.floor)},
            (greatest(0, (j.targets_started - ${num(T.margin)} * sqrt(j.started * j.chance * (1 - j.chance))) / j.started) / j.chance - 1) / ${num(T.fullAt - 1)}))
        end::real as volume_factor
      from judged j`,
  );
}

/** Signals that carry no points, only context for the others: stored with the score all the same. */
export const CONTEXT_CODES = ['bulk_messaging', 'public_audience'] as const;

/**
 * The context signal (0 points) that says why an account's contact signals are weighed down:
 * `bulk_messaging` (it writes to everyone) or `public_audience` (everyone writes to it).
 */
export function targetingContextSignals() {
  const pct = (n: string, d: string) => sql.raw(`round(100.0 * ${n} / nullif(${d}, 0))`);
  const factor = sql`round(t.volume_factor::numeric, 2)::float8`;
  const blocked = sql`case when t.adult_blockers > 0 then format(', blocked by %s %s as well as %s %s', t.adult_blockers,
      case when t.adult_blockers = 1 then 'adult' else 'adults' end, t.minor_blockers, case when t.minor_blockers = 1 then 'minor' else 'minors' end) else '' end`;
  const media = sql`case when t.media_to_minors = 0 then ', no pictures sent to minors' else format(', pictures sent to %s minors', t.media_to_minors) end`;
  return sql`insert into risk_signal_rows (account_id, code, weight, value, evidence, pattern, details)
    select t.account_id, 'bulk_messaging', 0, t.started,
      format('started %s conversations with accounts of all ages, %s%% of them with younger minors where chance gives %s%%; %s%% answered%s%s: volume rather than a preference for minors, contact signals ×%s',
        t.started, ${pct('t.targets_started', 't.started')}, round(100 * t.chance), ${pct('t.answered', 't.started')}, ${blocked}, ${media}, ${factor}),
      null::risk_pattern, '{}'::jsonb
    from risk_targeting t where t.volume_factor < 1 and not t.public_audience
    union all
    select t.account_id, 'public_audience', 0, t.inbound,
      format('%s accounts wrote to it first, %s%% of them younger minors; of the %s it wrote to first %s%% were younger minors, not clearly more than its audience gives%s: contact signals ×%s',
        t.inbound, round(100 * t.chance), t.started, ${pct('t.targets_started', 't.started')}, ${media}, ${factor}),
      null::risk_pattern, '{}'::jsonb
    from risk_targeting t where t.volume_factor < 1 and t.public_audience`;
}

/**
 * `prefers_younger_minors`: the share of the conversations an account started that went to
 * younger minors who do not know each other, above what chance gives, as points (weighed like
 * the other contact signals by its age and by volume). Needs risk_factors.
 */
export function preferenceSignals() {
  const P = T.preference;
  const strangers = sql`(f.target_scale * (f.strangers_answered + f.strangers_unanswered))`;
  const share = sql`least(1, ${strangers} / greatest(f.initiated, 1))`;
  const notes = sql`concat(
      case when f.is_minor_itself then format(' (it claims %s itself: ×%s)', f.claimed_age, round(f.age_factor::numeric, 2)::float8)
           when f.age_factor < 1 then format(' (its own age is uncertain: ×%s)', round(f.age_factor::numeric, 2)::float8) end,
      case when f.bulk then format(' (volume, not a preference for minors: ×%s)', round(f.volume_factor::numeric, 2)::float8) end)`;
  return sql`insert into risk_signal_rows (account_id, code, weight, value, evidence, pattern, details)
    select f.older_id, 'prefers_younger_minors',
      ${num(P.max)} * greatest(0, (${share} - f.chance) / (1 - f.chance)) * f.age_factor * f.volume_factor,
      round((${share})::numeric, 2),
      format('%s of the %s conversations it started (%s%%) were with younger minors who do not know each other, where chance gives %s%%%s',
        round(${strangers}), f.initiated, round(100 * ${share}), round(100 * f.chance), ${notes}),
      'adult_contacting_minors'::risk_pattern, '{}'::jsonb
    from risk_factors f
    where f.initiated > 0 and f.chance < 1 and ${strangers} >= ${num(P.minStrangers)} and ${share} > f.chance`;
}
