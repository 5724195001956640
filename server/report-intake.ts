import { z } from 'zod';
import type { Db } from '@/db/client';
import { DomainError } from '@/lib/errors';
import { apiBatchSchema, apiReportSchema, ingestReports, type ApiReport } from '@/lib/triage/ingest';
import { RateLimitError, authenticateIntegration } from '@/lib/triage/integrations';
import { withDatabase } from './database';
import { httpFailureOf } from './http-errors';
import { requestAddressFrom } from './request-address';
import { isDatabaseUnavailable, RETRY_AFTER_SECONDS } from '@/db/unavailable';

/**
 * The report intake API's HTTP behaviour (the domain half is lib/triage/ingest.ts), on
 * web-standard Request/Response so the Next route handlers stay one line and tests call it directly:
 *   POST /api/v1/reports        one report (the reports.csv columns as JSON)  → 201 created | 200 duplicate
 *                               (409 if its report_id is taken by a report about another account)
 *   POST /api/v1/reports/batch  { "reports": [...] } (at most 500)           → 200 with one result per report
 * 401 bad or revoked token (nothing stored) · 400 malformed body, naming the field · 429 over the rate
 * · 503 with Retry-After while the database cannot be reached (nothing stored; retry the same body).
 * Errors map to statuses through server/http-errors.ts like every other door.
 */
export async function handleReportIntake(db: Db, request: Request, mode: 'single' | 'batch'): Promise<Response> {
  try {
    const integration = await authenticateIntegration(db, request.headers.get('authorization'));
    let body: unknown;
    try {
      body = await request.json();
    } catch {
      return json(400, { error: 'body: not valid JSON', field: 'body' });
    }
    const parsed = mode === 'single' ? apiReportSchema.safeParse(body) : apiBatchSchema.safeParse(body);
    if (!parsed.success) return invalid(parsed.error);
    const items: ApiReport[] = mode === 'single' ? [parsed.data as ApiReport] : (parsed.data as { reports: ApiReport[] }).reports;
    const result = await ingestReports(db, integration, items, { requestAddress: requestAddressFrom(request.headers) });
    if (mode === 'single') return json(result.created ? 201 : 200, result.results[0]);
    return json(200, result);
  } catch (error) {
    // Nothing was stored (the transaction did not commit): the chat app retries the same reports later.
    if (isDatabaseUnavailable(error)) {
      return json(503, { error: 'The database is unavailable; nothing was stored. Retry later.' }, { 'retry-after': String(RETRY_AFTER_SECONDS) });
    }
    if (!(error instanceof DomainError)) throw error;
    const { status, error: message } = httpFailureOf(error);
    const retryAfter: Record<string, string> = error instanceof RateLimitError ? { 'retry-after': String(error.retryAfterSeconds) } : {};
    return json(status, { error: message, field: fieldOf(message) }, retryAfter);
  }
}

/** The route handlers' door: the app's database and the request. */
export async function reportIntakeRoute(request: Request, mode: 'single' | 'batch'): Promise<Response> {
  return withDatabase((db) => handleReportIntake(db, request, mode));
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

/** "reports[2].category: one of …" — the first problem, with the path to the field. */
function invalid(error: z.ZodError): Response {
  const issue = error.issues[0]!;
  const field = issue.path.map((part, index) => (typeof part === 'number' ? `[${part}]` : `${index ? '.' : ''}${String(part)}`)).join('') || 'body';
  return json(400, { error: `${field}: ${issue.message}`, field });
}

function fieldOf(message: string): string | undefined {
  return /^([\w[\].]+):/.exec(message)?.[1];
}
