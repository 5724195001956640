import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';
import { reports } from '@/db/schema';
import type { ReportCategory, ReportSource } from '@/lib/platform/contract';
import { routeReports } from '@/lib/triage/routing';

export const system = { type: 'system', name: 'test' } as const;

let sequence = 0;

type ReportEntry = {
  category: ReportCategory;
  reporterId?: string | null;
  source?: ReportSource;
  createdAt?: Date;
  reportId?: string;
};

/** Files reports about an account and routes them, as the API does. */
export async function fileReports(db: Db, reportedId: string, entries: ReportEntry[]) {
  return fileMany(db, entries.map((entry) => ({ ...entry, reportedId })));
}

/** Files reports about any accounts in one transaction and routes them. */
export async function fileMany(db: Db, entries: (ReportEntry & { reportedId: string })[]) {
  const rows = entries.map((entry) => ({
    reportId: entry.reportId ?? `r${++sequence}-${Math.random().toString(36).slice(2, 7)}`,
    reporterId: entry.reporterId ?? null,
    reportedId: entry.reportedId,
    category: entry.category,
    description: `about ${entry.reportedId}`,
    createdAt: entry.createdAt ?? new Date(Date.now() - 60 * 60_000),
    source: entry.source ?? ('user' as const),
  }));
  return db.transaction(async (tx) => {
    await tx.insert(reports).values(rows);
    return routeReports(tx, system, rows.map((row) => ({ reportedId: row.reportedId, reportId: row.reportId })), new Date());
  });
}

export async function itemOf(db: Db, reportedId: string, queueId?: string) {
  const [row] = await queryRows<{ id: string; queue_id: string; status: string; version: number; report_count: number }>(
    db,
    sql`select id, queue_id, status, version, report_count from queue_items
        where reported_id = ${reportedId} ${queueId ? sql`and queue_id = ${queueId}` : sql``}
        order by created_at desc limit 1`,
  );
  if (!row) throw new Error(`no item for ${reportedId}`);
  return row;
}

export async function eventCount(db: Db): Promise<number> {
  const [row] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from moderation_events`);
  return row!.n;
}
