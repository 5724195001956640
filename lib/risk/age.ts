import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';
import { requirePermission } from '../auth/permissions';
import type { LibContext } from '../context';
import { claimedAgeBand, claimedAgeBandSql, type AgeBand } from '../platform/age-band';
import type { AgeAssurance } from '../platform/contract';
import { at, num, runContext, step, workTable, type RunContext } from './run-context';
import { RISK_WEIGHTS } from './weights';

const W = RISK_WEIGHTS.age;
const AGE_PATTERN = sql.raw(`'age_misrepresentation'::risk_pattern`);

/**
 * Building block (a scoring step, inside the run's transaction). Claimed age at the as-of time for every account in the run (`risk_claimed`): the birthdate the
 * account showed then (undoing later changes), its age check and device. Implausible ages count
 * as unknown.
 */
export async function buildClaimedAges(tx: Db, run: RunContext): Promise<void> {
  const T = at(run.asOf);
  const { min, max } = RISK_WEIGHTS.plausibleAge;
  const scope = run.scoped ? sql`and a.account_id in (select account_id from risk_age_scope)` : sql``;
  await step(
    tx,
    run,
    'claimed ages',
    sql`${workTable(run, 'risk_claimed')} as
      select account_id, device_cluster, age_check, created_at, birthdate,
        case when age_raw between ${num(min)} and ${num(max)} then age_raw end as claimed_age,
        date_part('year', age(created_at::date, birthdate))::int as signup_age
      from (
        select a.account_id, a.device_cluster, a.age_assurance::text as age_check, a.created_at, b.birthdate,
          date_part('year', age(${T}::date, b.birthdate))::int as age_raw
        from accounts a
        left join (
          -- a birthdate changed after the as-of time: the account showed the old one then
          select distinct on (account_id) account_id, old_birthdate from birthdate_changes
          where changed_at > ${T} order by account_id, changed_at
        ) later on later.account_id = a.account_id
        cross join lateral (
          select case when later.account_id is null then a.claimed_birthdate else later.old_birthdate end as birthdate
        ) b
        where a.created_at <= ${T} ${scope}
      ) claimed`,
  );
  await tx.execute(sql`analyze risk_claimed`);
}

/**
 * Building block (a scoring step, inside the run's transaction). Evidence that an account claiming to be a minor is an adult, one row per such account
 * (`risk_age_evidence`), with each source's points and the likely age it implies; then
 * `risk_age`: the age each account is judged by in contact signals.
 */
export async function buildAgeEvidence(tx: Db, run: RunContext): Promise<void> {
  const T = at(run.asOf);
  const windowStart = at(run.windowStart);
  const moved = W.birthdateMovedYounger;
  await step(
    tx,
    run,
    'age evidence',
    sql`${workTable(run, 'risk_age_evidence')} as
      with minors as (
        select * from risk_claimed where claimed_age < 18
      ),
      device as (
        select m.account_id, count(*)::int as adults, max(o.claimed_age) as oldest,
          (array_agg(o.account_id order by o.account_id))[1:10] as ids
        from minors m
        join risk_claimed o on o.device_cluster = m.device_cluster and o.account_id <> m.account_id
        where o.claimed_age >= 18 or o.age_check = 'adult'
        group by m.account_id
      ),
      moves as (
        select distinct on (c.account_id) c.account_id, c.changed_at, c.old_birthdate,
          (c.new_birthdate - c.old_birthdate) / 365.25 as years,
          date_part('year', age(c.changed_at::date, c.old_birthdate))::int as old_age,
          date_part('year', age(c.changed_at::date, c.new_birthdate))::int as new_age,
          c.changed_at - m.created_at < interval '${num(moved.soonAfterSignupDays)} days' as soon
        from birthdate_changes c join minors m on m.account_id = c.account_id
        where c.changed_at <= ${T} and c.new_birthdate - c.old_birthdate >= ${num(moved.minYears * 365.25)}
          and date_part('year', age(c.changed_at::date, c.old_birthdate)) between 18 and ${num(RISK_WEIGHTS.plausibleAge.max)}
          and date_part('year', age(c.changed_at::date, c.new_birthdate)) < 18
        order by c.account_id, years desc
      ),
      age_reports as (
        select r.reported_id as account_id,
          count(distinct coalesce(r.reporter_id, 'report:' || r.report_id))::int as reporters,
          (array_agg(r.report_id order by r.created_at desc, r.report_id))[1:10] as ids
        from reports r join minors m on m.account_id = r.reported_id
        where r.category = 'age_misrepresentation' and r.created_at > ${windowStart} and r.created_at <= ${T}
        group by r.reported_id
      ),
      points as (
        select m.account_id, m.claimed_age, m.age_check, m.signup_age, m.created_at,
          d.adults, d.oldest, d.ids as device_ids,
          v.years, v.changed_at, v.old_age, v.new_age, v.soon,
          date_part('year', age(${T}::date, v.old_birthdate))::int as old_age_now,
          r.reporters, r.ids as report_ids,
          case when m.age_check = 'adult' then ${num(W.checkAdult)} else 0 end as p_check,
          case when m.age_check = 'minor' then ${num(W.checkMinorFactor)} else 1 end as soft_factor,
          case when d.adults > 0 then ${num(W.sharedDeviceWithAdult)} else 0 end as p_device,
          case when v.years is null then 0
            else least(${num(moved.max)}, v.years * ${num(moved.pointsPerYear)})
              * case when v.soon then ${num(moved.soonAfterSignupFactor)} else 1 end end as p_moved,
          case when m.signup_age < ${num(W.implausibleSignup.underAge)} then ${num(W.implausibleSignup.points)} else 0 end as p_signup,
          least(${num(W.misrepresentationReports.max)}, coalesce(r.reporters, 0) * ${num(W.misrepresentationReports.each)}) as p_reports
        from minors m
        left join device d on d.account_id = m.account_id
        left join moves v on v.account_id = m.account_id
        left join age_reports r on r.account_id = m.account_id
        where m.age_check = 'adult' or d.account_id is not null or v.account_id is not null
          or r.account_id is not null or m.signup_age < ${num(W.implausibleSignup.underAge)}
      )
      select p.*, raw_total,
        least(1, ${num(W.max)} / greatest(raw_total, 0.001)) as cap_factor,
        p.p_check > 0 or raw_total >= ${num(W.likelyAdultAt)} as likely_adult,
        p.p_check = 0 and raw_total >= ${num(W.uncertainFrom)} and raw_total < ${num(W.likelyAdultAt)} as uncertain
      from points p
      cross join lateral (select p.p_check + p.soft_factor * (p.p_device + p.p_moved + p.p_signup + p.p_reports) as raw_total) t`,
  );
  const uncertain = num(RISK_WEIGHTS.contact.uncertainAgeFactor);
  await step(
    tx,
    run,
    'ages',
    sql`${workTable(run, 'risk_age')} as
      select c.account_id, c.device_cluster, c.claimed_age,
        -- the age contact signals judge it by: a likely adult or an unknown age as (at least) 18
        case when e.likely_adult then greatest(18, coalesce(e.old_age_now, 18))
             when c.claimed_age is null then 18
             else c.claimed_age end as judged_age,
        -- how far its contact signals count: adults fully; an unknown age, or a claimed minor with
        -- some adult evidence, partly; other minors by the age gap (null here, set per account later)
        case when e.likely_adult or c.claimed_age >= 18 or (c.claimed_age is null and c.age_check = 'adult') then 1
             when c.claimed_age is null or e.uncertain then ${uncertain}
        end::real as age_factor,
        coalesce(c.claimed_age < 18 and not coalesce(e.likely_adult, false), false) as is_minor,
        -- how much younger a minor must be to count as younger than this account
        case when e.uncertain then ${num(RISK_WEIGHTS.youngerBy.uncertainYears)} else ${num(RISK_WEIGHTS.youngerBy.years)} end as younger_by
      from risk_claimed c left join risk_age_evidence e on e.account_id = c.account_id`,
  );
  await tx.execute(sql`analyze risk_age`);
}

/** Building block (a scoring step, inside the run's transaction). The age-evidence signals of the run's accounts, into `risk_signal_rows`. */
export async function insertAgeSignals(tx: Db, run: RunContext): Promise<void> {
  const raised = sql`case when e.likely_adult then ${AGE_PATTERN} end`;
  const scaled = sql`* e.soft_factor * e.cap_factor`;
  const checkMinor = sql`case when e.age_check = 'minor' then ' (age check says minor: ×${num(W.checkMinorFactor)})' else '' end`;
  await step(
    tx,
    run,
    'age signals',
    sql`insert into risk_signal_rows (account_id, code, weight, value, evidence, pattern, details)
      select e.account_id, 'age_check_adult', e.p_check * e.cap_factor, 1,
        format('age check says adult, claims %s', e.claimed_age), ${raised}, '{}'::jsonb
      from risk_age_evidence e where e.p_check > 0
      union all
      select e.account_id, 'device_shared_with_adult', e.p_device ${scaled}, e.adults,
        format('shares a device with %s %s that %s adult%s%s', e.adults,
          case when e.adults = 1 then 'account' else 'accounts' end,
          case when e.adults = 1 then 'claims or is checked' else 'claim or are checked' end,
          case when e.oldest is not null then format(' (oldest claims %s)', e.oldest) else '' end, ${checkMinor}),
        ${raised}, jsonb_build_object('accounts', to_jsonb(e.device_ids))
      from risk_age_evidence e where e.p_device > 0
      union all
      select e.account_id, 'birthdate_moved_younger', e.p_moved ${scaled}, round(e.years::numeric, 1),
        format('birthdate moved %s years younger on %s (age %s → %s)%s%s', round(e.years::numeric),
          to_char(e.changed_at, 'YYYY-MM-DD'), e.old_age, e.new_age,
          case when e.soon then ' within days of sign-up, as typo fixes are' else '' end, ${checkMinor}),
        ${raised}, '{}'::jsonb
      from risk_age_evidence e where e.p_moved > 0
      union all
      select e.account_id, 'implausible_signup_age', e.p_signup ${scaled}, 1,
        format('claims %s, which would make it %s at sign-up on %s%s', e.claimed_age, e.signup_age,
          to_char(e.created_at, 'YYYY-MM-DD'), ${checkMinor}),
        ${raised}, '{}'::jsonb
      from risk_age_evidence e where e.p_signup > 0
      union all
      select e.account_id, 'age_misrepresentation_reports', e.p_reports ${scaled}, e.reporters,
        format('reported for age misrepresentation by %s %s%s', e.reporters,
          case when e.reporters = 1 then 'reporter' else 'reporters' end, ${checkMinor}),
        ${raised}, jsonb_build_object('reports', to_jsonb(e.report_ids))
      from risk_age_evidence e where e.p_reports > 0`,
  );
}

export interface AgeEvidence {
  code: string;
  weight: number;
  evidence: string;
}

export interface AgeAssessment {
  accountId: string;
  claimedAge: number | null;
  claimedBand: AgeBand;
  likelyBand: AgeBand;
  evidence: AgeEvidence[];
}

/** Age evidence for one account as of the context's clock: claimed band, likely band, and the evidence behind it. */
export async function assessAge(ctx: LibContext, accountId: string): Promise<AgeAssessment | null> {
  requirePermission(ctx.actor, 'risk:read');
  const asOf = ctx.now;
  return ctx.db.transaction(async (tx) => {
    const run = runContext(asOf, true, undefined, false);
    await tx.execute(sql`set local timezone = 'UTC'`);
      await tx.execute(sql`${workTable(run, 'risk_age_scope')} as
        select account_id from accounts where account_id = ${accountId}
        union select o.account_id from accounts a join accounts o on o.device_cluster = a.device_cluster
        where a.account_id = ${accountId}`);
      await createSignalRowsTable(tx, run);
      await buildClaimedAges(tx, run);
      await buildAgeEvidence(tx, run);
      await insertAgeSignals(tx, run);
      const [row] = await queryRows<{ claimed_age: number | null; birthdate: string | null; likely_adult: boolean | null; age_check: AgeAssurance }>(
        tx,
        sql`select c.claimed_age, c.birthdate::text as birthdate, e.likely_adult, c.age_check from risk_claimed c
          left join risk_age_evidence e on e.account_id = c.account_id where c.account_id = ${accountId}`,
      );
      if (!row) return null;
      const evidence = await queryRows<AgeEvidence>(
        tx,
        sql`select code, weight, evidence from risk_signal_rows where account_id = ${accountId} order by weight desc, code`,
      );
      const claimedBand = claimedAgeBand(row.birthdate, row.age_check, asOf);
      return {
        accountId,
        claimedAge: row.claimed_age,
        claimedBand,
        likelyBand: row.likely_adult ? 'adult' : claimedBand,
        evidence,
      };
  });
}

/** The claimed band (lib/platform/age-band.ts) over `risk_claimed` (alias c): the birthdate the account showed at the as-of time. */
export function claimedBandSql(run: RunContext): SQL {
  return claimedAgeBandSql(sql`c.birthdate`, sql`c.age_check`, run.asOf);
}

/** Building block (a scoring step, inside the run's transaction). Where every signal of a run is collected before it is summed and stored. */
export async function createSignalRowsTable(tx: Db, run: RunContext): Promise<void> {
  const columns = sql`(
    account_id varchar(64) not null,
    code varchar(48) not null,
    weight real not null,
    value real not null,
    evidence text not null,
    pattern risk_pattern,
    details jsonb not null default '{}'
  )`;
  await tx.execute(run.parallel ? sql`create unlogged table risk_signal_rows ${columns}` : sql`create temp table risk_signal_rows ${columns} on commit drop`);
}
