import type { Db } from '@/db/client';
import { apiAppealSchema, submitAppeal } from '@/lib/appeals/submit';
import { withDatabase } from './database';
import { handleIntegrationIntake } from './integration-intake';

/**
 * POST /api/v1/appeals (the chat app, with its integration token): `{ appeal_id, account_id,
 * decision_id, statement }` → 201 filed | 200 already filed · 400 naming the field · 401 token ·
 * 404 unknown decision · 409 appeal_id reused · 429 over the token's rate · 503 database down.
 * The HTTP half is server/integration-intake.ts, shared with the report intake.
 */
export async function handleAppealIntake(db: Db, request: Request): Promise<Response> {
  return handleIntegrationIntake(db, request, apiAppealSchema, async (ctx, appeal) => {
    const receipt = await submitAppeal(ctx, appeal);
    return { status: receipt.created ? 201 : 200, body: receipt };
  });
}

/** The route handler's door: the app's database (503 while it cannot be reached) and the request. */
export function appealIntakeRoute(request: Request): Promise<Response> {
  return withDatabase((db) => handleAppealIntake(db, request));
}
