import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { insertDepthSignals } from './depth';
import { num, step, workTable, type RunContext } from './run-context';
import { preferenceSignals, targetingContextSignals } from './targeting';
import { RISK_WEIGHTS } from './weights';

const C = RISK_WEIGHTS.contact;
const pattern = (name: string) => sql.raw(`'${name}'::risk_pattern`);

/**
 * Building block (a scoring step, inside the run's transaction). Turns the run's measures (risk_older, risk_community, risk_bulk, risk_blocks, risk_reports)
 * into weighted signals with evidence in words, into `risk_signal_rows`. Every factor that
 * changes a signal's points is named in its evidence.
 */
export async function insertBehaviourSignals(tx: Db, run: RunContext): Promise<void> {
  await step(tx, run, 'factors', factorsTable(run));
  await step(tx, run, 'contact signals', contactSignals());
  await step(tx, run, 'targeting context', targetingContextSignals());
  await step(tx, run, 'preference for minors', preferenceSignals());
  await insertDepthSignals(tx, run);
  await step(tx, run, 'block and report signals', blockAndReportSignals());
  await step(tx, run, 'age without behaviour', ageWithoutBehaviour());
}

const AGE_CODES = sql.raw(
  `'age_check_adult', 'device_shared_with_adult', 'birthdate_moved_younger', 'implausible_signup_age', 'age_misrepresentation_reports'`,
);

const CONTACT_CODES = sql.raw(`'contacted_younger_minors', 'lopsided_conversations', 'media_from_minors', 'blocked_by_minors'`);

/**
 * Age evidence counts less on an account that shows no behaviour towards younger minors: its
 * contact signals, and its report signals if it is (likely) an adult or talks to younger minors
 * (reports about a minor among peers are peer trouble), add up to less than `patternFrom`.
 */
function ageWithoutBehaviour() {
  const factor = num(RISK_WEIGHTS.age.withoutBehaviourFactor);
  // Set-wise: one aggregate of behaviour points per account, then one join (a correlated sum per
  // age signal is quadratic in the number of signal rows).
  return sql`with behaviour as (
      select b.account_id, sum(b.weight) as points
      from risk_signal_rows b left join risk_age a on a.account_id = b.account_id
      where b.code not in (${AGE_CODES})
        and (b.code in (${CONTACT_CODES}) or not a.is_minor or b.account_id in (select older_id from risk_older))
      group by b.account_id
    )
    update risk_signal_rows s
    set weight = s.weight * ${factor}, evidence = s.evidence || ' (no sign of reaching younger minors: ×${factor})'
    from (
      select g.account_id from risk_signal_rows g left join behaviour b on b.account_id = g.account_id
      where g.code in (${AGE_CODES}) and coalesce(b.points, 0) < ${num(RISK_WEIGHTS.patternFrom)}
      group by g.account_id
    ) weak
    where weak.account_id = s.account_id and s.code in (${AGE_CODES})`;
}

/**
 * Per account with younger minors in its conversations: how far its contact signals count
 * (its age; volume without a preference for minors, lib/risk/targeting.ts) and how much of that
 * circle knows each other.
 */
function factorsTable(run: RunContext) {
  const gap = C.minorGapFactor;
  return sql`${workTable(run, 'risk_factors')} as
    select o.*, a.claimed_age, a.age_factor is null as is_minor_itself,
      coalesce(a.age_factor,
        least(${num(gap.max)}, greatest(${num(gap.min)}, (a.judged_age - o.mean_minor_age - 2) / 6.0))) as age_factor,
      coalesce(t.volume_factor < 1, false) as bulk, coalesce(t.volume_factor, 1)::real as volume_factor,
      coalesce(t.chance, b.minor_share) as chance,
      b.initiated, b.answered, b.to_minors,
      -- of the younger minors it wrote to first, the share beyond what messaging at random would reach
      greatest(0, 1 - b.minor_share * b.initiated / nullif(o.targets, 0)) as beyond_random,
      m.sampled, m.linked, m.sampled_targets, m.linked_targets, m.strangers_answered, m.strangers_unanswered,
      m.sampled_media, m.linked_media, b.minor_share,
      o.targets::real / nullif(m.sampled_targets, 0) as target_scale,
      coalesce(m.linked::real / nullif(m.sampled, 0), 0) as linked_share,
      ids.target_ids, ids.media_ids
    from risk_older o
    join risk_age a on a.account_id = o.older_id
    left join risk_bulk b on b.account_id = o.older_id
    left join risk_targeting t on t.account_id = o.older_id
    left join risk_community m on m.cand = o.older_id
    left join (
      select cand,
        (array_agg(target order by target) filter (where older_initiated))[1:30] as target_ids,
        (array_agg(target order by target) filter (where media_minor > 0))[1:30] as media_ids
      from risk_sample group by cand
    ) ids on ids.cand = o.older_id`;
}

function contactSignals() {
  const known = num(C.knownToEachOtherFactor);
  // Volume without a preference for minors (bulk messaging, a public audience) counts by how far
  // its share of younger minors exceeds chance (lib/risk/targeting.ts).
  const factor = sql`f.age_factor * f.volume_factor`;
  const contactFactor = factor;
  const notes = sql`concat(
      case when f.is_minor_itself then format(' (it claims %s itself: ×%s)', f.claimed_age, round(f.age_factor::numeric, 2)::float8)
           when f.age_factor < 1 then format(' (its own age is uncertain: ×%s)', round(f.age_factor::numeric, 2)::float8) end,
      case when f.bulk then format(' (volume, not a preference for minors: ×%s)', round(f.volume_factor::numeric, 2)::float8) end)`;
  const ages = sql`case when f.youngest = f.oldest then f.youngest::text else format('%s–%s', f.youngest, f.oldest) end`;
  const strangers = sql`(f.strangers_answered + f.strangers_unanswered)`;
  // Strangers any adult may write to; more beside the groups of children it works with (a youth worker's drop-in).
  const allowance = sql`(${num(C.allowance)} + ${num(C.allowancePerLinked)} * f.target_scale * f.linked_targets)`;
  const lop = RISK_WEIGHTS.lopsided;
  const media = RISK_WEIGHTS.mediaFromMinors;
  const mediaLinkedShare = sql`coalesce(f.linked_media::real / nullif(f.sampled_media, 0), 0)`;
  return sql`insert into risk_signal_rows (account_id, code, weight, value, evidence, pattern, details)
    select f.older_id, 'contacted_younger_minors',
      least(${num(C.max)}, f.target_scale * f.linked_targets * ${num(C.knowEachOther)}
        + greatest(0, f.target_scale * f.strangers_answered - ${allowance}) * ${num(C.strangerAnswered)}
        + greatest(0, f.target_scale * f.strangers_unanswered - greatest(0, ${allowance} - f.target_scale * f.strangers_answered))
          * case when f.bulk then 0 else ${num(C.strangerUnanswered)} end) * ${contactFactor},
      f.targets,
      format('initiated contact with %s %s aged %s, %s%s', f.targets, 'younger minors', ${ages},
        case when f.linked_targets = 0 then 'none of whom know each other'
             when ${strangers} = 0 then 'all of whom know each other (a class, a team)'
             else format('%s of whom know another of them', round(f.linked_targets * f.target_scale)) end
        || case when f.strangers_answered > 0
             then format('; %s %s wrote back', round(f.strangers_answered * f.target_scale),
               case when f.linked_targets = 0 then 'of them' else 'strangers' end) else '' end
        || case when ${allowance} >= ${num(C.allowance + 1)}
             then format(' (about %s expected beside the groups it works with)', round(${allowance})) else '' end
        || case when f.bulk then format('; chance alone would bring about %s', round(f.chance * f.initiated)) else '' end,
        ${notes}),
      ${pattern('adult_contacting_minors')},
      jsonb_build_object('accounts', to_jsonb(f.target_ids))
    from risk_factors f where f.targets >= ${num(C.minTargets)} and f.sampled_targets > 0
    union all
    select f.older_id, 'lopsided_conversations',
      least(${num(lop.max)}, ${num(lop.each)} * f.lopsided) * ${factor} * (1 - (1 - ${known}) * f.linked_share),
      f.lopsided,
      format('wrote at least %s times as much as the minor in %s of the %s conversations it started that got a reply%s',
        ${num(lop.ratio)}, f.lopsided, f.replied, ${notes}),
      null::risk_pattern, '{}'::jsonb
    from risk_factors f
    where f.lopsided >= ${num(lop.minConversations)} and f.lopsided >= ${num(lop.share)} * f.replied
    union all
    select f.older_id, 'media_from_minors',
      least(${num(media.max)}, ${num(media.each)} * greatest(0, f.media_minors * (1 - (1 - ${known}) * ${mediaLinkedShare}) - ${num(C.allowance)}))
        * ${factor},
      f.media_minors,
      format('%s younger minors sent it photos or videos%s%s', f.media_minors,
        case when f.linked_media > 0 then format(' (%s of %s checked know each other)', f.linked_media, f.sampled_media) else '' end,
        ${notes}),
      ${pattern('image_solicitation')},
      jsonb_build_object('accounts', to_jsonb(f.media_ids))
    from risk_factors f where f.media_minors >= ${num(media.min)}`;
}

function blockAndReportSignals() {
  const blocks = RISK_WEIGHTS.blockedByMinors;
  const reports = RISK_WEIGHTS.reports;
  const cues = RISK_WEIGHTS.cues;
  const gapMin = num(C.minorGapFactor.min);
  // Columns of risk_factors read through an alias: f for the blocked accounts, r for the reported ones.
  const volume = (t: string) => sql.raw(`coalesce(${t}.volume_factor, 1)`);
  const volumeNote = (t: string) =>
    sql.raw(`case when ${t}.bulk then format(' (volume, not a preference for minors: ×%s)', round(${t}.volume_factor::numeric, 2)::float8) else '' end`);
  // A minor with no younger minors in its conversations: reports about it are peer trouble.
  const peer = sql`case when r.is_minor and r.older_id is null then ${num(RISK_WEIGHTS.peerReportFactor)} else 1 end`;
  const peerNote = sql`case when r.is_minor and r.older_id is null then ' (between peers: ×${num(RISK_WEIGHTS.peerReportFactor)})' else '' end`;
  // Reports from a circle that knows each other (a class, a team) weigh like that circle's other signals.
  const known = num(C.knownToEachOtherFactor);
  const circle = sql`(1 - (1 - ${known}) * coalesce(r.linked_share, 0))`;
  const circleNote = sql`case when r.linked_share >= 0.5
    then format(' (%s%% of the minors it talks to know each other: ×%s)', round(100 * r.linked_share), round(${circle}::numeric, 2)::float8) else '' end`;
  const reportFactor = sql`${peer} * ${circle}`;
  const reportNote = sql`${peerNote} || ${circleNote}`;
  const cueFactor = sql`${reportFactor} * ${volume('r')}`;
  const cueNote = sql`${reportNote} || ${volumeNote('r')}`;
  const plural = (n: string, one: string, many: string) => sql.raw(`case when ${n} = 1 then '${one}' else '${many}' end`);
  const cueSignal = (code: string, column: string, ids: string, spec: { each: number; max: number }, verb: string, raised: string) =>
    sql`select r.account_id, ${sql.raw(`'${code}'`)}, least(${num(spec.max)}, ${num(spec.each)} * r.${sql.raw(column)}) * ${cueFactor},
      r.${sql.raw(column)}, format('%s %s %s%s', r.${sql.raw(column)}, ${plural(`r.${column}`, 'report mentions', 'reports mention')}, ${sql.raw(`'${verb}'`)}, ${cueNote}),
      ${pattern(raised)}, jsonb_build_object('reports', to_jsonb(r.${sql.raw(ids)}))
    from reported r where r.${sql.raw(column)} > 0`;
  // The reported accounts joined once to their ages and factors, which every report signal reads
  // (a join per signal hashed all of risk_age five times).
  return sql`insert into risk_signal_rows (account_id, code, weight, value, evidence, pattern, details)
    with reported as materialized (
      select r.*, a.is_minor, f.older_id, f.linked_share, f.volume_factor, f.bulk
      from risk_reports r left join risk_age a on a.account_id = r.account_id left join risk_factors f on f.older_id = r.account_id
    )
    select b.account_id, 'blocked_by_minors',
      least(${num(blocks.max)}, ${num(blocks.each)} * b.blockers)
        * coalesce(f.age_factor, a.age_factor, ${gapMin}) * ${volume('f')}
        * (1 - (1 - ${num(C.knownToEachOtherFactor)}) * coalesce(f.linked_share, 0)),
      b.blockers,
      format('blocked by %s younger minors%s%s', b.blockers,
        case when f.linked_share > 0 then format(' (%s%% of the minors it talks to know each other)', round(100 * f.linked_share)) else '' end,
        ${volumeNote('f')}),
      null::risk_pattern, jsonb_build_object('accounts', to_jsonb(b.ids))
    from risk_blocks b join risk_age a on a.account_id = b.account_id left join risk_factors f on f.older_id = b.account_id
    where b.blockers >= ${num(blocks.min)}
    union all
    select r.account_id, 'grooming_reports', least(${num(reports.groomingMax)}, ${num(reports.groomingEach)} * r.grooming_reporters) * ${reportFactor},
      r.grooming_reporters,
      format('reported for grooming or sexual content by %s %s%s', r.grooming_reporters,
        ${plural('r.grooming_reporters', 'reporter', 'reporters')}, ${reportNote}),
      null::risk_pattern, jsonb_build_object('reports', to_jsonb(r.grooming_ids))
    from reported r where r.grooming_reporters > 0
    union all
    select r.account_id, 'law_enforcement_report', ${num(reports.lawEnforcement)}, r.police_reports,
      format('reported by law enforcement (%s %s)', r.police_reports, ${plural('r.police_reports', 'report', 'reports')}),
      null::risk_pattern, jsonb_build_object('reports', to_jsonb(r.grooming_ids))
    from reported r where r.police_reports > 0
    union all ${cueSignal('image_request_cues', 'image_cues', 'image_ids', cues.image, 'requests for images', 'image_solicitation')}
    union all ${cueSignal('meeting_request_cues', 'meeting_cues', 'meeting_ids', cues.meeting, 'requests to meet', 'meeting_request')}
    union all ${cueSignal('off_platform_cues', 'off_platform_cues', 'off_platform_ids', cues.offPlatform, 'moving to another app', 'off_platform_move')}`;
}
