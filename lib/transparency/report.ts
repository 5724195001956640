import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { queryRows, type Db } from '@/db/client';
import { requirePermission } from '../auth/permissions';
import type { LibContext } from '../context';
import { DomainError } from '../errors';
import { REPORT_CATEGORIES, REPORT_SOURCES } from '../platform/contract';
import { REFERRAL_GROUNDS, REQUEST_TYPES } from '../police/contract';
import { RISK_PATTERNS } from '../risk/patterns';
import { spreadsheetCsv } from '../spreadsheet-csv';
import { ACCOUNT_ACTIONS } from '../triage/contract';

/**
 * The transparency report beyond police requests (`transparency:read`): per UTC month, quarter or
 * year, what came in and what Lookout's team did with it — reports by category and source (and how
 * many came through the API), proactive risk flags, account actions by kind, appeals and overturns,
 * preservation holds, referrals, and police requests by type and outcome (their status now).
 * Counts only: nothing in it names an account.
 */
export const REPORT_PERIODS = ['month', 'quarter', 'year'] as const;
export type ReportPeriod = (typeof REPORT_PERIODS)[number];

const blank = (value: unknown) => (value === '' ? undefined : value);
const DAY = 86_400_000;

export const transparencyReportSchema = z
  .object({
    from: z.preprocess(blank, z.iso.date('from: a date as YYYY-MM-DD').optional()),
    to: z.preprocess(blank, z.iso.date('to: a date as YYYY-MM-DD').optional()),
    period: z.preprocess(blank, z.enum(REPORT_PERIODS, 'period: month, quarter or year').default('quarter')),
  })
  .refine((input) => !input.from || !input.to || input.from <= input.to, { path: ['to'], message: 'to: the end is before the start' });
export type TransparencyReportInput = z.input<typeof transparencyReportSchema>;

export interface ReportMeasure {
  /** Stable key for the CSV (e.g. `reports.grooming.user`). */
  key: string;
  label: string;
  byPeriod: Record<string, number>;
  total: number;
}

export interface ReportSection {
  key: string;
  title: string;
  measures: ReportMeasure[];
}

export interface TransparencyReport {
  from: string;
  to: string;
  period: ReportPeriod;
  periods: string[];
  sections: ReportSection[];
}

const FORMAT: Record<ReportPeriod, string> = { month: 'YYYY-MM', quarter: 'YYYY-"Q"Q', year: 'YYYY' };
const words = (text: string) => text.replaceAll('_', ' ');

/** Every period label between two instants, in order (so empty periods still show as zeros). */
export function periodsBetween(start: Date, until: Date, period: ReportPeriod): string[] {
  const labels: string[] = [];
  const cursor = new Date(Date.UTC(start.getUTCFullYear(), period === 'year' ? 0 : period === 'quarter' ? Math.floor(start.getUTCMonth() / 3) * 3 : start.getUTCMonth(), 1));
  while (cursor < until) {
    const y = cursor.getUTCFullYear();
    const m = cursor.getUTCMonth();
    labels.push(period === 'year' ? `${y}` : period === 'quarter' ? `${y}-Q${Math.floor(m / 3) + 1}` : `${y}-${String(m + 1).padStart(2, '0')}`);
    cursor.setUTCMonth(m + (period === 'year' ? 12 : period === 'quarter' ? 3 : 1));
  }
  return labels;
}

export async function transparencyFigures(ctx: LibContext, input: TransparencyReportInput): Promise<TransparencyReport> {
  requirePermission(ctx.actor, 'transparency:read');
  const parsed = transparencyReportSchema.parse(input);
  const to = parsed.to ?? ctx.now.toISOString().slice(0, 10);
  const from = parsed.from ?? `${to.slice(0, 4)}-01-01`;
  const start = new Date(`${from}T00:00:00Z`);
  const until = new Date(Date.parse(`${to}T00:00:00Z`) + DAY);
  if (until.getTime() - start.getTime() > 10 * 366 * DAY) throw new DomainError('invalid_input', 'from: ten years at most at a time');
  const period = parsed.period;
  const fmt = FORMAT[period];
  const p = (column: SQL) => sql`to_char(${column} at time zone 'UTC', ${fmt})`;
  const inRange = (column: SQL) => sql`${column} >= ${start.toISOString()}::timestamptz and ${column} < ${until.toISOString()}::timestamptz`;
  const count = (db: Db, query: SQL) => queryRows<{ p: string; m: string; n: number }>(db, query);

  const [reports, viaApi, flags, actions, dismissed, protective, appealsIn, appealsOut, holdsMade, holdsEnded, referralsMade, referralsReported, police] = await Promise.all([
    count(ctx.db, sql`select ${p(sql`created_at`)} as p, category::text || '.' || source::text as m, count(*)::int as n from reports where ${inRange(sql`created_at`)} group by 1, 2`),
    count(
      ctx.db,
      sql`select ${p(sql`l.at`)} as p, 'api' as m, count(*)::int as n
          from audit_log l cross join lateral jsonb_array_elements_text(coalesce(l.changes->'created', '[]'::jsonb)) as created(id)
          where l.action = 'report.ingest' and ${inRange(sql`l.at`)} group by 1, 2`,
    ),
    count(ctx.db, sql`select ${p(sql`created_at`)} as p, pattern::text as m, count(*)::int as n from pattern_flags where ${inRange(sql`created_at`)} group by 1, 2`),
    count(ctx.db, sql`select ${p(sql`created_at`)} as p, action::text as m, count(*)::int as n from account_actions where ${inRange(sql`created_at`)} group by 1, 2`),
    count(ctx.db, sql`select ${p(sql`created_at`)} as p, 'dismissed' as m, count(distinct item_id)::int as n from moderation_events where kind = 'dismissed' and ${inRange(sql`created_at`)} group by 1, 2`),
    count(
      ctx.db,
      sql`select ${p(sql`created_at`)} as p, 'protective' as m, coalesce(sum(cardinality(child_account_ids)), 0)::int as n from protective_decisions where ${inRange(sql`created_at`)} group by 1, 2`,
    ),
    count(ctx.db, sql`select ${p(sql`created_at`)} as p, 'received' as m, count(*)::int as n from appeals where ${inRange(sql`created_at`)} group by 1, 2`),
    count(ctx.db, sql`select ${p(sql`decided_at`)} as p, status as m, count(*)::int as n from appeals where status <> 'open' and ${inRange(sql`decided_at`)} group by 1, 2`),
    count(
      ctx.db,
      sql`select ${p(sql`created_at`)} as p, case when request_id is not null then 'request' else 'referral' end as m, count(*)::int as n
          from preservation_holds where ${inRange(sql`created_at`)} group by 1, 2`,
    ),
    count(
      ctx.db,
      sql`select ${p(sql`released_at`)} as p, 'released' as m, count(*)::int as n from preservation_holds where ${inRange(sql`released_at`)} group by 1, 2
          union all
          select ${p(sql`lapsed_at`)} as p, 'lapsed' as m, count(*)::int as n from preservation_holds where ${inRange(sql`lapsed_at`)} group by 1, 2`,
    ),
    count(ctx.db, sql`select ${p(sql`created_at`)} as p, ground::text as m, count(*)::int as n from referrals where ${inRange(sql`created_at`)} group by 1, 2`),
    count(ctx.db, sql`select ${p(sql`reported_at`)} as p, 'reported' as m, count(*)::int as n from referrals where ${inRange(sql`reported_at`)} group by 1, 2`),
    count(ctx.db, sql`select ${p(sql`received_at`)} as p, type::text || '.' || status::text as m, count(*)::int as n from police_requests where ${inRange(sql`received_at`)} group by 1, 2`),
  ]);

  const periods = periodsBetween(start, until, period);
  const measure = (key: string, label: string, rows: { p: string; m: string; n: number }[], m: string): ReportMeasure => {
    const byPeriod = Object.fromEntries(periods.map((name) => [name, 0]));
    for (const row of rows) if (row.m === m && row.p in byPeriod) byPeriod[row.p] = (byPeriod[row.p] ?? 0) + Number(row.n);
    return { key, label, byPeriod, total: Object.values(byPeriod).reduce((sum, n) => sum + n, 0) };
  };
  const totalOf = (key: string, label: string, parts: ReportMeasure[]): ReportMeasure => {
    const byPeriod = Object.fromEntries(periods.map((name) => [name, parts.reduce((sum, part) => sum + (part.byPeriod[name] ?? 0), 0)]));
    return { key, label, byPeriod, total: parts.reduce((sum, part) => sum + part.total, 0) };
  };
  const nonZero = (measures: ReportMeasure[]) => measures.filter((m) => m.total > 0);

  const reportMeasures = REPORT_CATEGORIES.flatMap((category) =>
    REPORT_SOURCES.map((source) => measure(`reports.${category}.${source}`, `${words(category)} — ${words(source)}`, reports, `${category}.${source}`)),
  );
  const bySource = REPORT_SOURCES.map((source) => totalOf(`reports.all.${source}`, `all categories — ${words(source)}`, reportMeasures.filter((m) => m.key.endsWith(`.${source}`))));
  const flagMeasures = RISK_PATTERNS.map((pattern) => measure(`risk_flags.${pattern}`, `proactive risk flag: ${words(pattern)}`, flags, pattern));
  const policeMeasures = REQUEST_TYPES.flatMap((type) =>
    [...new Set(police.filter((row) => row.m.startsWith(`${type}.`)).map((row) => row.m))].sort().map((m) => measure(`police.${m}`, `${words(type)} — ${words(m.slice(type.length + 1))}`, police, m)),
  );

  const sections: ReportSection[] = [
    {
      key: 'reports',
      title: 'Reports received, by category and source',
      measures: [
        totalOf('reports.all', 'all reports', reportMeasures),
        ...bySource,
        measure('reports.via_api', 'of which arrived through the API', viaApi, 'api'),
        ...nonZero(reportMeasures),
        totalOf('risk_flags.all', 'proactive risk flags (confirmed patterns)', flagMeasures),
        ...nonZero(flagMeasures),
      ],
    },
    {
      key: 'actions',
      title: 'Actions taken',
      measures: [
        ...ACCOUNT_ACTIONS.map((action) => measure(`actions.${action}`, `account ${action}`, actions, action)),
        measure('actions.dismissed', 'report items dismissed without action', dismissed, 'dismissed'),
        measure('actions.protective', 'children protected by a protective decision', protective, 'protective'),
      ],
    },
    {
      key: 'appeals',
      title: 'Appeals',
      measures: [
        measure('appeals.received', 'appeals received', appealsIn, 'received'),
        measure('appeals.upheld', 'decisions upheld on appeal', appealsOut, 'upheld'),
        measure('appeals.overturned', 'decisions overturned on appeal', appealsOut, 'overturned'),
      ],
    },
    {
      key: 'holds',
      title: 'Preservation holds',
      measures: [
        measure('holds.request', 'holds set for a police request', holdsMade, 'request'),
        measure('holds.referral', 'holds set for a referral', holdsMade, 'referral'),
        measure('holds.released', 'holds released', holdsEnded, 'released'),
        measure('holds.lapsed', 'holds lapsed', holdsEnded, 'lapsed'),
      ],
    },
    {
      key: 'referrals',
      title: 'Referrals to liaison and the authorities',
      measures: [
        ...REFERRAL_GROUNDS.map((ground) => measure(`referrals.${ground}`, `referrals: ${words(ground)}`, referralsMade, ground)),
        measure('referrals.reported', 'reported to the authorities', referralsReported, 'reported'),
      ],
    },
    {
      key: 'police',
      title: 'Police requests by type and outcome (status now)',
      measures: [totalOf('police.all', 'all requests received', policeMeasures), ...policeMeasures],
    },
  ];
  return { from, to, period, periods, sections };
}

/** The report as CSV, long form: one row per period (then "total"), section and measure. */
export function transparencyReportCsv(report: TransparencyReport): string {
  return spreadsheetCsv(
    [
      ['period', 'section', 'measure', 'label', 'count'],
      ...report.sections.flatMap((section) =>
        section.measures.flatMap((measure) => [
          ...report.periods.map((period) => [period, section.key, measure.key, measure.label, measure.byPeriod[period] ?? 0]),
          ['total', section.key, measure.key, measure.label, measure.total],
        ]),
      ),
    ],
    { eof: true },
  );
}
