import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';
import { at, inScope, liveConversation, num, passOverContacts, SEQUENTIAL_SAMPLE, step, withPlannerSettings, workTable, type RunContext } from './run-context';
import { RISK_WEIGHTS } from './weights';

const C = RISK_WEIGHTS.contact;

/** Two accounts not known to share a device (an unknown device is nobody's). */
function notSameDevice(a: SQL, b: SQL): SQL {
  return sql`(${a}.device_cluster is null or ${b}.device_cluster is null or ${a}.device_cluster <> ${b}.device_cluster)`;
}

/** Conversations in the window (a full run: every one). */
function windowContacts(run: RunContext): SQL {
  return sql`(select c.* from contacts c where ${liveConversation(run)})`;
}

/** The columns of an edge (`risk_edges`, `risk_kept_edges`), in their order. */
export const EDGE_COLUMNS = ['older_id', 'minor_id', 'minor_age', 'older_initiated', 'msgs_older', 'msgs_minor', 'media_minor', 'first_at', 'last_at'];

/** The edges of the given conversations (`conversations`: rows of contacts), with both sides' ages from `ages` (risk_age's rows). */
function edgesOf(conversations: SQL, ages: SQL = sql`risk_age`): SQL {
  return sql`select e.* from ${conversations} c
      join ${ages} i on i.account_id = c.initiator_id
      join ${ages} r on r.account_id = c.recipient_id
      -- each side that is older than a minor gives one edge; no CTE, so the pass can run in parallel
      cross join lateral (
        select c.initiator_id as older_id, c.recipient_id as minor_id, r.claimed_age as minor_age, true as older_initiated,
          c.messages_from_initiator as msgs_older, c.messages_from_recipient as msgs_minor, c.media_from_recipient as media_minor,
          c.first_contact_at as first_at, c.last_contact_at as last_at
        where r.is_minor and i.judged_age - r.claimed_age >= i.younger_by
        union all
        select c.recipient_id, c.initiator_id, i.claimed_age, false,
          c.messages_from_recipient, c.messages_from_initiator, c.media_from_initiator, c.first_contact_at, c.last_contact_at
        where i.is_minor and r.judged_age - i.claimed_age >= r.younger_by
      ) e
      where ((r.is_minor and i.judged_age - r.claimed_age >= i.younger_by) or (i.is_minor and r.judged_age - i.claimed_age >= r.younger_by))
        and ${notSameDevice(sql`i`, sql`r`)}`;
}

function allEdges(run: RunContext): SQL {
  return sql`${workTable(run, 'risk_edges')} as ${edgesOf(windowContacts(run))}`;
}

/**
 * The edges of an incremental run built on kept state (run.ageState): the kept edges of the changed
 * conversations (`risk_changed_conversations`, lib/risk/dirty.ts) are deleted, in both orders of
 * their pair, and derived again from those rows and the kept ages; the scope's edges are then read
 * from risk_kept_edges, not from every conversation of every account in scope.
 */
async function buildKeptEdges(tx: Db, run: RunContext): Promise<void> {
  const live = liveConversation(run);
  // Two statements: an insert beside the delete in one statement could meet the rows it deletes. The
  // pairs are hashed against one pass over the kept edges (a lookup per pair and order cost 4× that).
  await withPlannerSettings(tx, { enable_nestloop: 'off' }, () =>
    step(
      tx,
      run,
      'contact edges: gone',
      sql`delete from risk_kept_edges where (older_id, minor_id) in (
        select account_lo, account_hi from risk_changed_conversations union all select account_hi, account_lo from risk_changed_conversations)`,
    ),
  );
  // The ages of both sides, taken once (both joins hashed every kept age, 0.6 s each at a million accounts).
  await step(
    tx,
    run,
    'contact edges: ages',
    sql`${workTable(run, 'risk_changed_ages')} as select * from risk_age where account_id in (
      select initiator_id from risk_changed_conversations union select recipient_id from risk_changed_conversations)`,
  );
  await tx.execute(sql`analyze risk_changed_ages`);
  await step(
    tx,
    run,
    'contact edges: changed',
    sql`insert into risk_kept_edges (${sql.raw(EDGE_COLUMNS.join(', '))})
      ${edgesOf(sql`(select * from risk_changed_conversations c where ${live})`, sql`risk_changed_ages`)}`,
  );
  await step(tx, run, 'contact edges', sql`${workTable(run, 'risk_edges')} as select * from risk_kept_edges where older_id in (select account_id from risk_scope)`);
}

/**
 * The edges of the accounts in scope, seen from their side only (the edges the run scores): their
 * conversations (by index for a small scope, by a pass over contacts for a large one:
 * passOverContacts), the other side's age from risk_age. The same rows as allEdges restricted to
 * older_id in scope.
 */
function scopedEdges(run: RunContext): SQL {
  const live = liveConversation(run);
  const cols = sql`c.initiator_id, c.recipient_id, c.messages_from_initiator, c.messages_from_recipient, c.media_from_initiator, c.media_from_recipient, c.first_contact_at, c.last_contact_at`;
  return sql`${workTable(run, 'risk_edges')} as
      with sides as (
        select c.account_lo as account_id, ${cols} from contacts c where c.account_lo in (select account_id from risk_scope) and ${live}
        union all
        select c.account_hi, ${cols} from contacts c where c.account_hi in (select account_id from risk_scope) and ${live}
      )
      select c.account_id as older_id, m.account_id as minor_id, m.claimed_age as minor_age, c.initiator_id = c.account_id as older_initiated,
        case when c.initiator_id = c.account_id then c.messages_from_initiator else c.messages_from_recipient end as msgs_older,
        case when c.initiator_id = c.account_id then c.messages_from_recipient else c.messages_from_initiator end as msgs_minor,
        case when c.initiator_id = c.account_id then c.media_from_recipient else c.media_from_initiator end as media_minor,
        c.first_contact_at as first_at, c.last_contact_at as last_at
      from sides c
      -- the scope's own ages first (a few thousand rows to hash, not every account's)
      join (select * from risk_age where account_id in (select account_id from risk_scope)) o on o.account_id = c.account_id
      join risk_age m on m.account_id = case when c.initiator_id = c.account_id then c.recipient_id else c.initiator_id end
      where m.is_minor and o.judged_age - m.claimed_age >= o.younger_by and ${notSameDevice(sql`o`, sql`m`)}`;
}

/**
 * Building block (a scoring step, inside the run's transaction). `risk_edges`: every conversation in the window between a minor and an account judged at least
 * `youngerBy` years older (accounts on one device — a family tablet — excluded), seen from the
 * older side. One pass over contacts, joined twice to the ages.
 */
export async function buildContactEdges(tx: Db, run: RunContext): Promise<void> {
  if (run.ageState) await buildKeptEdges(tx, run);
  else await passOverContacts(tx, run, () => step(tx, run, 'contact edges', run.scoped ? scopedEdges(run) : allEdges(run)));
  await tx.execute(sql`analyze risk_edges`);
  await step(
    tx,
    run,
    'contact totals',
    sql`${workTable(run, 'risk_older')} as
      select e.older_id,
        count(*)::int as minors,
        count(*) filter (where e.older_initiated)::int as targets,
        count(*) filter (where e.older_initiated and e.msgs_minor > 0)::int as replied,
        count(*) filter (where e.older_initiated and e.msgs_minor > 0
          and e.msgs_older >= ${num(RISK_WEIGHTS.lopsided.ratio)} * e.msgs_minor)::int as lopsided,
        count(*) filter (where e.media_minor > 0)::int as media_minors,
        min(e.minor_age) filter (where e.older_initiated) as youngest,
        max(e.minor_age) filter (where e.older_initiated) as oldest,
        avg(e.minor_age) as mean_minor_age
      from risk_edges e group by e.older_id`,
  );
}

/**
 * Building block (a scoring step, inside the run's transaction). Who among an account's younger contacts know each other: for up to `sampleTargets` of them per
 * account, a minor is "linked" when it has a two-way conversation with another of them, or
 * `mutualContacts` two-way contacts in common with another (the account itself left out).
 * A coach's team or a class is linked; a groomer's targets are strangers to each other.
 */
export async function buildCommunities(tx: Db, run: RunContext): Promise<void> {
  const T = at(run.asOf);
  await step(
    tx,
    run,
    'community sample',
    sql`${workTable(run, 'risk_sample')} as
      select older_id as cand, minor_id as target, older_initiated, msgs_older, msgs_minor, media_minor, first_at, last_at
      from (
        select e.*, row_number() over (partition by e.older_id order by md5(e.minor_id)) as rn
        from risk_edges e join risk_older o on o.older_id = e.older_id
        -- only accounts with enough for a contact, media or block signal need the test
        where o.targets >= ${num(C.minTargets)} or o.media_minors >= ${num(RISK_WEIGHTS.mediaFromMinors.min)}
          or (o.minors >= 2 and o.older_id in (select account_id from risk_blocks where blockers >= ${num(RISK_WEIGHTS.blockedByMinors.min)}))
      ) ranked
      where rn <= ${num(C.sampleTargets)}`,
  );
  await tx.execute(sql`analyze risk_sample`);
  const twoWay = sql`c.messages_from_initiator > 0 and c.messages_from_recipient > 0 and c.first_contact_at <= ${T}`;
  // A full run samples hundreds of thousands of minors: their neighbours come from one parallel
  // pass over contacts hashed against the sample. Left to the planner, the sample's estimated number
  // of distinct minors decided between that (5 s at 10M conversations) and an index lookup per
  // sampled minor (50 s, each heap row a random read) from one run to the next. A scoped run's
  // sample is read by index up to SEQUENTIAL_SAMPLE minors.
  const sequential = !run.scoped || (await sampledMinors(tx)) >= SEQUENTIAL_SAMPLE;
  await passOverContacts(
    tx,
    run,
    () =>
      step(
        tx,
        run,
        'community neighbours',
        sql`${workTable(run, 'risk_nb')} as
          select s.cand, s.target, c.account_hi as w from risk_sample s
            join contacts c on c.account_lo = s.target where c.account_hi <> s.cand and ${twoWay}
          union all
          select s.cand, s.target, c.account_lo from risk_sample s
            join contacts c on c.account_hi = s.target where c.account_lo <> s.cand and ${twoWay}`,
      ),
    sequential,
  );
  await tx.execute(sql`analyze risk_nb`);
  await step(
    tx,
    run,
    'community links',
    sql`${workTable(run, 'risk_linked')} as
      select distinct nb.cand, nb.target from risk_nb nb
      join risk_sample s on s.cand = nb.cand and s.target = nb.w`,
  );
  await tx.execute(sql`analyze risk_linked`);
  // Contacts in common only for the minors with no direct link: in a class or a team most have one.
  // Their neighbours are written to a table of their own first. Left in one statement, the planner's
  // guess of how many there are decided between hashing them (5.6 s at 10M conversations) and
  // hashing every sampled minor's neighbours (7.9 s), from one run to the next; and a new table,
  // unlike an insert, is filled by parallel workers.
  await step(
    tx,
    run,
    'community loose',
    sql`${workTable(run, 'risk_loose')} as
      select nb.* from risk_nb nb
      where not exists (select 1 from risk_linked l where l.cand = nb.cand and l.target = nb.target)`,
  );
  await tx.execute(sql`analyze risk_loose`);
  await step(
    tx,
    run,
    'community mutual contacts',
    sql`${workTable(run, 'risk_mutual')} as
      select distinct a.cand, a.target
      from risk_loose a join risk_nb b on b.cand = a.cand and b.w = a.w and b.target <> a.target
      group by a.cand, a.target, b.target having count(*) >= ${num(C.mutualContacts)}`,
  );
  await tx.execute(sql`insert into risk_linked select cand, target from risk_mutual`);
  const answered = num(C.answeredMessages);
  await step(
    tx,
    run,
    'communities',
    sql`${workTable(run, 'risk_community')} as
      select s.cand,
        count(*)::int as sampled,
        count(l.target)::int as linked,
        count(*) filter (where s.older_initiated)::int as sampled_targets,
        count(*) filter (where s.older_initiated and l.target is not null)::int as linked_targets,
        count(*) filter (where s.older_initiated and l.target is null and s.msgs_minor >= ${answered})::int as strangers_answered,
        count(*) filter (where s.older_initiated and l.target is null and s.msgs_minor < ${answered})::int as strangers_unanswered,
        count(*) filter (where s.media_minor > 0)::int as sampled_media,
        count(*) filter (where s.media_minor > 0 and l.target is not null)::int as linked_media
      from risk_sample s left join risk_linked l on l.cand = s.cand and l.target = s.target
      group by s.cand`,
  );
}

/** How many (candidate, minor) rows the community test's sample holds. */
async function sampledMinors(tx: Db): Promise<number> {
  const [row] = await queryRows<{ rows: number }>(tx, sql`select count(*)::int as rows from risk_sample`);
  return row?.rows ?? 0;
}

/** Building block (a scoring step, inside the run's transaction). Younger minors who blocked each account, in the window (`risk_blocks`). */
export async function buildBlocks(tx: Db, run: RunContext): Promise<void> {
  const scope = inScope(run, sql`b.blocked_id`);
  await step(
    tx,
    run,
    'blocks',
    sql`${workTable(run, 'risk_blocks')} as
      select b.blocked_id as account_id, count(*)::int as blockers,
        (array_agg(b.blocker_id order by b.blocked_at desc, b.blocker_id))[1:20] as ids
      from blocks b
      join risk_age m on m.account_id = b.blocker_id and m.is_minor
      join risk_age o on o.account_id = b.blocked_id
      where b.blocked_at > ${at(run.windowStart)} and b.blocked_at <= ${at(run.asOf)}
        and o.judged_age - m.claimed_age >= o.younger_by
        and ${notSameDevice(sql`m`, sql`o`)} ${scope}
      group by b.blocked_id`,
  );
}

/**
 * Building block (a scoring step, inside the run's transaction). Reports in the window per reported account (`risk_reports`), by distinct reporter: grooming
 * and sexual-content reports, law-enforcement reports, and cues in the text of any report that
 * is not spam.
 */
export async function buildReports(tx: Db, run: RunContext, cues: { image: string; meeting: string; offPlatform: string }): Promise<void> {
  const scope = inScope(run, sql`r.reported_id`);
  const reporter = sql`coalesce(r.reporter_id, 'report:' || r.report_id)`;
  const cue = (pattern: string) => sql`r.category <> 'spam' and r.description ~* ${sql.raw(`'${pattern.replaceAll("'", "''")}'`)}`;
  const ids = (filter: SQL) => sql`(array_agg(r.report_id order by r.created_at desc, r.report_id) filter (where ${filter}))[1:10]`;
  const grooming = sql`r.category in ('grooming', 'sexual_content')`;
  const police = sql`r.source = 'law_enforcement' and r.category <> 'spam'`;
  await step(
    tx,
    run,
    'reports',
    sql`${workTable(run, 'risk_reports')} as
      select * from (
        select r.reported_id as account_id,
          count(distinct ${reporter}) filter (where ${grooming})::int as grooming_reporters,
          count(*) filter (where ${police})::int as police_reports,
          count(distinct ${reporter}) filter (where ${cue(cues.image)})::int as image_cues,
          count(distinct ${reporter}) filter (where ${cue(cues.meeting)})::int as meeting_cues,
          count(distinct ${reporter}) filter (where ${cue(cues.offPlatform)})::int as off_platform_cues,
          ${ids(sql`${grooming} or ${police}`)} as grooming_ids,
          ${ids(cue(cues.image))} as image_ids,
          ${ids(cue(cues.meeting))} as meeting_ids,
          ${ids(cue(cues.offPlatform))} as off_platform_ids
        from reports r
        where r.created_at > ${at(run.windowStart)} and r.created_at <= ${at(run.asOf)} ${scope}
        group by r.reported_id
      ) per_account
      where grooming_reporters + police_reports + image_cues + meeting_cues + off_platform_cues > 0`,
  );
}
