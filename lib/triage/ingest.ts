import { inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { queryRows } from '@/db/client';
import type { LibContext } from '../context';
import { accounts, reports } from '@/db/schema';
import { appendAudit } from '../audit/log';
import { reportRow } from '../import/schemas';
import { consumeRate, type IntegrationActor } from './integrations';
import { routeReports } from './routing';
import { anyOf } from './sql';
import { DomainError } from '../errors';

export const INGEST_BATCH_MAX = 500;

const COLUMNS = ['report_id', 'reporter_id', 'reported_id', 'category', 'description', 'created_at', 'source'] as const;

/**
 * One report as the chat app pushes it: a JSON object with the reports.csv columns, checked by the
 * CSV import's own row schema (same limits, enums and messages). A missing or null field is read as an
 * empty CSV cell, so the optional reporter_id and description may be left out.
 */
export const apiReportSchema = z.preprocess((body) => {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const fields = body as Record<string, unknown>;
  return Object.fromEntries(COLUMNS.map((column) => [column, fields[column] ?? '']));
}, reportRow);
export type ApiReport = z.output<typeof reportRow>;

export const apiBatchSchema = z.object({
  reports: z
    .array(apiReportSchema)
    .min(1, 'at least one report')
    .max(INGEST_BATCH_MAX, `at most ${INGEST_BATCH_MAX} a request`)
    .superRefine((items, ctx) => {
      const first = new Map<string, number>();
      items.forEach((item, index) => {
        const earlier = first.get(item.report_id);
        if (earlier !== undefined) {
          ctx.addIssue({ code: 'custom', path: [index, 'report_id'], message: `repeats reports[${earlier}]` });
        } else first.set(item.report_id, index);
      });
    }),
});

export interface IngestResult {
  results: { report_id: string; status: 'created' | 'duplicate'; queue_id: string | null }[];
  created: number;
  duplicates: number;
}

/**
 * Stores pushed reports and routes them into queues, in one transaction with one audit entry.
 * Idempotent by report_id: a report already stored is answered as a duplicate and left unchanged.
 * Refuses (writing nothing) reports about or from accounts Lookout does not know.
 */
export async function ingestReports(ctx: LibContext & { actor: IntegrationActor }, items: ApiReport[]): Promise<IngestResult> {
  const integration = ctx.actor;
  return ctx.db.transaction(async (tx) => {
    await consumeRate(tx, integration, items.length, ctx.now);
    const mentioned = [...new Set(items.flatMap((item) => [item.reported_id, ...(item.reporter_id ? [item.reporter_id] : [])]))];
    const known = new Set(
      (await tx.select({ id: accounts.accountId }).from(accounts).where(inArray(accounts.accountId, mentioned))).map((row) => row.id),
    );
    items.forEach((item, index) => {
      for (const field of ['reported_id', 'reporter_id'] as const) {
        const value = item[field];
        if (value && !known.has(value)) {
          throw new DomainError('invalid_input', `${items.length > 1 ? `reports[${index}].` : ''}${field}: unknown account "${value}"`);
        }
      }
    });

    // Two requests carrying the same report_id wait for each other here instead of racing.
    const ids = items.map((item) => item.report_id).sort();
    await queryRows(
      tx,
      sql`select pg_advisory_xact_lock(hashtext('report:' || id)) from jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb) as t(id) order by id`,
    );
    const stored = await tx.select({ id: reports.reportId, reportedId: reports.reportedId }).from(reports).where(inArray(reports.reportId, ids));
    // report_id is unique across reported accounts (docs/architecture.md): the API enforces it, as the import does.
    items.forEach((item, index) => {
      const clash = stored.find((row) => row.id === item.report_id && row.reportedId !== item.reported_id);
      if (clash) {
        throw new DomainError('conflict', `${items.length > 1 ? `reports[${index}].` : ''}report_id: "${item.report_id}" already exists for another reported account`);
      }
    });
    const existing = new Set(stored.map((row) => row.id));
    const fresh = items.filter((item) => !existing.has(item.report_id));
    if (fresh.length) {
      await tx.insert(reports).values(
        fresh.map((item) => ({
          reportId: item.report_id,
          reporterId: item.reporter_id,
          reportedId: item.reported_id,
          category: item.category,
          description: item.description,
          createdAt: new Date(item.created_at),
          source: item.source,
        })),
      );
    }
    const routing = await routeReports(
      tx,
      integration,
      fresh.map((item) => ({ reportedId: item.reported_id, reportId: item.report_id })),
      ctx.now,
    );
    const queueOf = await queryRows<{ report_id: string; queue_id: string }>(
      tx,
      sql`select q.report_id, qi.queue_id from queue_item_reports q join queue_items qi on qi.id = q.item_id
          where q.reported_id = ${anyOf(items.map((item) => item.reported_id), 'text')} and q.report_id = ${anyOf(ids, 'text')}`,
    );
    const results = items.map((item) => ({
      report_id: item.report_id,
      status: existing.has(item.report_id) ? ('duplicate' as const) : ('created' as const),
      queue_id: queueOf.find((row) => row.report_id === item.report_id)?.queue_id ?? null,
    }));
    await appendAudit(tx, {
      actor: integration,
      action: 'report.ingest',
      targetType: 'report',
      targetId: items.length === 1 ? items[0]!.report_id : null,
      changes: {
        created: fresh.map((item) => item.report_id),
        duplicates: [...existing],
        byQueue: routing.byQueue,
      },
      requestAddress: ctx.requestAddress,
    });
    return { results, created: fresh.length, duplicates: existing.size };
  });
}
