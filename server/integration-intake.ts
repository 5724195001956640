import type { z } from 'zod';
import type { Db } from '@/db/client';
import { isDatabaseUnavailable, RETRY_AFTER_SECONDS } from '@/db/unavailable';
import type { LibContext } from '@/lib/context';
import { DomainError } from '@/lib/errors';
import { authenticateIntegration, RateLimitError, type IntegrationActor } from '@/lib/triage/integrations';
import { httpFailureOf } from './http-errors';
import { requestAddressFrom } from './request-address';

/** What the integration API hands its lib call: a LibContext whose actor is the token's integration. */
export type IntegrationContext = LibContext & { actor: IntegrationActor };

/** A lib call's answer: the status and the JSON body. */
export interface IntakeAnswer {
  status: number;
  body: unknown;
}

/**
 * The HTTP half of the chat app's integration API (report and appeal intake), on web-standard
 * Request/Response so the route handlers stay one line and tests call it directly. In order:
 * 401 for a bad or revoked token (nothing stored) · 400 for a body that is not JSON or that
 * `schema` refuses, naming the first field (`reports[2].category: …`) · then `handle` with the
 * parsed input · its DomainError through server/http-errors.ts (`field` named when the message
 * starts with one; 429 with Retry-After over the token's rate) · 503 with Retry-After while the
 * database cannot be reached (nothing stored; retry the same body).
 */
export async function handleIntegrationIntake<S extends z.ZodType>(
  db: Db,
  request: Request,
  schema: S,
  handle: (ctx: IntegrationContext, input: z.output<S>) => Promise<IntakeAnswer>,
): Promise<Response> {
  try {
    const requestAddress = requestAddressFrom(request.headers);
    const now = new Date();
    const integration = await authenticateIntegration({ db, actor: null, requestAddress, now }, request.headers.get('authorization'));
    let body: unknown;
    try {
      body = await request.json();
    } catch {
      return json(400, { error: 'body: not valid JSON', field: 'body' });
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) return invalid(parsed.error);
    const answer = await handle({ db, actor: integration, requestAddress, now }, parsed.data);
    return json(answer.status, answer.body);
  } catch (error) {
    // Nothing was stored (the transaction did not commit): the chat app retries the same body later.
    if (isDatabaseUnavailable(error)) {
      return json(503, { error: 'The database is unavailable; nothing was stored. Retry later.' }, { 'retry-after': String(RETRY_AFTER_SECONDS) });
    }
    if (!(error instanceof DomainError)) throw error;
    const { status, error: message } = httpFailureOf(error);
    const retryAfter: Record<string, string> = error instanceof RateLimitError ? { 'retry-after': String(error.retryAfterSeconds) } : {};
    return json(status, { error: message, field: fieldOf(message) }, retryAfter);
  }
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
