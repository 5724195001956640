import { z } from 'zod';
import type { Db } from '@/db/client';
import { apiAppealSchema, submitAppeal } from '@/lib/appeals/submit';
import { AuthorizationError } from '@/lib/auth/permissions';
import { DomainError } from '@/lib/errors';
import { authenticateIntegration, RateLimitError } from '@/lib/triage/integrations';
import { HTTP_STATUS } from './http-errors';

/**
 * POST /api/v1/appeals (the chat app, with its integration token): `{ appeal_id, account_id,
 * decision_id, statement }` → 201 filed | 200 already filed · 400 naming the field · 401 token ·
 * 404 unknown decision · 409 appeal_id reused · 429 over the token's rate.
 */
export async function handleAppealIntake(db: Db, request: Request, requestAddress: string | null): Promise<Response> {
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
    const receipt = await submitAppeal({ db, actor: integration, requestAddress, now: new Date() }, parsed.data);
    return Response.json(receipt, { status: receipt.created ? 201 : 200 });
  } catch (error) {
    if (error instanceof AuthorizationError) return Response.json({ error: error.message }, { status: 401 });
    if (error instanceof RateLimitError) return Response.json({ error: error.message }, { status: 429, headers: { 'retry-after': String(error.retryAfterSeconds) } });
    if (error instanceof DomainError) return Response.json({ error: error.message }, { status: HTTP_STATUS[error.code] });
    if (error instanceof z.ZodError) return Response.json({ error: 'body: not understood' }, { status: 400 });
    throw error;
  }
}
