import type { Db } from '@/db/client';
import { apiBatchSchema, apiReportSchema, ingestReports } from '@/lib/triage/ingest';
import { withDatabase } from './database';
import { handleIntegrationIntake } from './integration-intake';

/**
 * The report intake API (the domain half is lib/triage/ingest.ts; the HTTP half shared with the
 * appeal intake is server/integration-intake.ts):
 *   POST /api/v1/reports        one report (the reports.csv columns as JSON)  → 201 created | 200 duplicate
 *                               (409 if its report_id is taken by a report about another account)
 *   POST /api/v1/reports/batch  { "reports": [...] } (at most 500)           → 200 with one result per report
 * 401 bad or revoked token (nothing stored) · 400 malformed body, naming the field · 429 over the rate
 * · 503 with Retry-After while the database cannot be reached (nothing stored; retry the same body).
 */
export async function handleReportIntake(db: Db, request: Request, mode: 'single' | 'batch'): Promise<Response> {
  if (mode === 'single') {
    return handleIntegrationIntake(db, request, apiReportSchema, async (ctx, report) => {
      const result = await ingestReports(ctx, [report]);
      return { status: result.created ? 201 : 200, body: result.results[0] };
    });
  }
  return handleIntegrationIntake(db, request, apiBatchSchema, async (ctx, batch) => ({ status: 200, body: await ingestReports(ctx, batch.reports) }));
}

/** The route handlers' door: the app's database and the request. */
export async function reportIntakeRoute(request: Request, mode: 'single' | 'batch'): Promise<Response> {
  return withDatabase((db) => handleReportIntake(db, request, mode));
}
