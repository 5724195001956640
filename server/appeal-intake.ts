import type { Db } from '@/db/client';
import { apiAppealSchema, submitAppeal } from '@/lib/appeals/submit';
import { DomainError } from '@/lib/errors';
import { authenticateIntegration, RateLimitError } from '@/lib/triage/integrations';
import { withDatabase } from './database';
import { httpFailureOf } from './http-errors';
import { requestAddressFrom } from './request-address';

/**
 * POST /api/v1/appeals (the chat app, with its integration token): `{ appeal_id, account_id,
 * decision_id, statement }` → 201 filed | 200 already filed · 400 naming the field · 401 token ·
 * 404 unknown decision · 409 appeal_id reused · 429 over the token's rate · 503 database down.
 */
export async function handleAppealIntake(db: Db, request: Request): Promise<Response> {
  try {
    const integration = await authenticateIntegration(db, request.headers.get('authorization'));
    let body: unknown;
    try {
      body = await request.json();
    } catch {
      return Response.json({ error: 'body: not valid JSON', field: 'body' }, { status: 400 });
    }
    const parsed = apiAppealSchema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = issue.path.join('.') || 'body';
      return Response.json({ error: `${field}: ${issue.message}`, field }, { status: 400 });
    }
    const receipt = await submitAppeal({ db, actor: integration, requestAddress: requestAddressFrom(request.headers), now: new Date() }, parsed.data);
    return Response.json(receipt, { status: receipt.created ? 201 : 200 });
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const { status, error: message } = httpFailureOf(error);
    const retryAfter: Record<string, string> = error instanceof RateLimitError ? { 'retry-after': String(error.retryAfterSeconds) } : {};
    return Response.json({ error: message }, { status, headers: retryAfter });
  }
}

/** The route handler's door: the app's database (503 while it cannot be reached) and the request. */
export function appealIntakeRoute(request: Request): Promise<Response> {
  return withDatabase((db) => handleAppealIntake(db, request));
}
