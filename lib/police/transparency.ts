import { spreadsheetCsv } from '../spreadsheet-csv';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { queryRows } from '@/db/client';
import { requirePermission } from '../auth/permissions';
import type { LibContext } from '../context';
import { REQUEST_TYPES, type RequestType } from './contract';
import { localDate } from './form-values';

export const TRANSPARENCY_PERIODS = ['month', 'quarter', 'year'] as const;

const today = () => new Date().toISOString().slice(0, 10);
const blank = (value: unknown) => (value === '' ? undefined : value);

/** The report's range: local dates read as UTC days; by default this calendar year up to today. */
export const transparencySchema = z
  .object({
    from: z.preprocess(blank, localDate.default(() => `${today().slice(0, 4)}-01-01`)),
    to: z.preprocess(blank, localDate.default(today)),
    period: z.preprocess(blank, z.enum(TRANSPARENCY_PERIODS).default('quarter')),
  })
  .refine((input) => input.from <= input.to, { path: ['to'], message: 'the end is before the start' });
export type TransparencyInput = z.output<typeof transparencySchema>;

export interface TransparencyRow {
  period: string;
  /** A request type, or 'all' for the period's total. */
  type: RequestType | 'all';
  requestsReceived: number;
  accountsSpecified: number;
  requestsWithDataProduced: number;
  /** Share of requests answered with some data (a released package), 0–1. */
  shareWithDataProduced: number;
  emergencyRequests: number;
}

/** to_char patterns that name a UTC period and sort in time order as text. */
const PERIOD_FORMAT: Record<TransparencyInput['period'], string> = { month: 'YYYY-MM', quarter: 'YYYY-"Q"Q', year: 'YYYY' };

/**
 * The transparency report: per period (UTC calendar) and request type — requests received,
 * accounts specified in them, how many were answered with some data (a released disclosure
 * package), and how many were emergencies — with a total row per period. Liaison/admin.
 */
export async function transparencyReport(ctx: LibContext, input: TransparencyInput): Promise<TransparencyRow[]> {
  requirePermission(ctx.actor, 'police:read');
  const rows = await queryRows<{ period: string; type: RequestType; requests: number; accounts: number; produced: number; emergency: number }>(
    ctx.db,
    sql`select to_char(r.received_at at time zone 'UTC', ${PERIOD_FORMAT[input.period]}) as period,
               r.type,
               count(*)::int as requests,
               coalesce(sum((select count(*) from police_request_targets t where t.request_id = r.id)), 0)::int as accounts,
               (count(*) filter (where exists (
                 select 1 from disclosure_packages p where p.request_id = r.id and p.status = 'released')))::int as produced,
               (count(*) filter (where r.type = 'emergency_disclosure'))::int as emergency
        from police_requests r
        where r.received_at >= ${`${input.from}T00:00:00Z`}::timestamptz
          and r.received_at < (${input.to}::date + 1)::timestamp at time zone 'UTC'
        group by 1, 2
        order by 1, 2`,
  );
  const report: TransparencyRow[] = [];
  const row = (period: string, type: TransparencyRow['type'], requests: number, accounts: number, produced: number, emergency: number): TransparencyRow => ({
    period,
    type,
    requestsReceived: requests,
    accountsSpecified: accounts,
    requestsWithDataProduced: produced,
    shareWithDataProduced: requests ? produced / requests : 0,
    emergencyRequests: emergency,
  });
  for (const period of [...new Set(rows.map((r) => r.period))]) {
    const inPeriod = rows.filter((r) => r.period === period);
    const sorted = [...inPeriod].sort((a, b) => REQUEST_TYPES.indexOf(a.type) - REQUEST_TYPES.indexOf(b.type));
    for (const r of sorted) report.push(row(period, r.type, Number(r.requests), Number(r.accounts), Number(r.produced), Number(r.emergency)));
    const sum = (key: 'requests' | 'accounts' | 'produced' | 'emergency') => inPeriod.reduce((total, r) => total + Number(r[key]), 0);
    report.push(row(period, 'all', sum('requests'), sum('accounts'), sum('produced'), sum('emergency')));
  }
  return report;
}

export function transparencyCsv(rows: TransparencyRow[]): string {
  return spreadsheetCsv(
    [
      ['period', 'type', 'requests_received', 'accounts_specified', 'requests_with_data_produced', 'share_with_data_produced_percent', 'emergency_requests'],
      ...rows.map((r) => [r.period, r.type, r.requestsReceived, r.accountsSpecified, r.requestsWithDataProduced, (r.shareWithDataProduced * 100).toFixed(1), r.emergencyRequests]),
    ],
    { eof: true },
  );
}
