import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { queryRows, type Db } from '@/db/client';
import { integrationTokens, staff } from '@/db/schema';
import { appendAudit } from '../audit/log';
import { requirePermission, type Actor } from '../auth/permissions';
import type { LibContext } from '../context';
import { DomainError, notFound } from '../errors';
import { storableString } from '../validation/text';

const TOKEN_PREFIX = 'lk_';
const DEFAULT_RATE_PER_MINUTE = 600;

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export const tokenInput = z.object({
  name: storableString().trim().min(1, 'name is required').max(100, 'name is at most 100 characters'),
  ratePerMinute: z.coerce.number().int().min(1, 'ratePerMinute is at least 1').max(100_000).default(DEFAULT_RATE_PER_MINUTE),
});
export type TokenInput = z.output<typeof tokenInput>;

/**
 * Creates an integration token. The secret is returned once, here, and never stored: the database
 * keeps its SHA-256 and a short prefix to tell tokens apart.
 */
export async function createIntegrationToken(ctx: LibContext, input: TokenInput) {
  const admin = requirePermission(ctx.actor, 'integrations:manage');
  const secret = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(integrationTokens)
      .values({ name: input.name, ratePerMinute: input.ratePerMinute, tokenHash: hashToken(secret), tokenPrefix: secret.slice(0, 10), createdBy: admin.id })
      .returning({ id: integrationTokens.id, name: integrationTokens.name, tokenPrefix: integrationTokens.tokenPrefix });
    await appendAudit(tx, {
      actor: admin,
      action: 'integration.token.create',
      targetType: 'integration_token',
      targetId: row!.id,
      changes: { name: input.name, ratePerMinute: input.ratePerMinute, tokenPrefix: row!.tokenPrefix },
      requestAddress: ctx.requestAddress,
    });
    return { ...row!, secret };
  });
}

/** Revokes a token at once: the next request with it is a 401. Admins only; audited. */
export async function revokeIntegrationToken(ctx: LibContext, tokenId: string) {
  const admin = requirePermission(ctx.actor, 'integrations:manage');
  const id = z.uuid('tokenId: not a token id').parse(tokenId);
  await ctx.db.transaction(async (tx) => {
    const [token] = await tx.select().from(integrationTokens).where(eq(integrationTokens.id, id)).for('update');
    if (!token) throw notFound(`Token ${id}`);
    if (token.revokedAt) throw new DomainError('conflict', `The token "${token.name}" is already revoked.`);
    await tx.update(integrationTokens).set({ revokedAt: ctx.now }).where(eq(integrationTokens.id, id));
    await appendAudit(tx, {
      actor: admin,
      action: 'integration.token.revoke',
      targetType: 'integration_token',
      targetId: id,
      changes: { name: token.name, tokenPrefix: token.tokenPrefix },
      requestAddress: ctx.requestAddress,
    });
  });
}

/** The integration tokens, newest first, without their secrets. Admins only. */
export async function listIntegrationTokens(ctx: LibContext) {
  requirePermission(ctx.actor, 'integrations:manage');
  return ctx.db
    .select({
      id: integrationTokens.id,
      name: integrationTokens.name,
      tokenPrefix: integrationTokens.tokenPrefix,
      ratePerMinute: integrationTokens.ratePerMinute,
      createdAt: integrationTokens.createdAt,
      createdBy: staff.email,
      revokedAt: integrationTokens.revokedAt,
      lastUsedAt: integrationTokens.lastUsedAt,
    })
    .from(integrationTokens)
    .leftJoin(staff, eq(staff.id, integrationTokens.createdBy))
    .orderBy(desc(integrationTokens.createdAt));
}

export type IntegrationActor = Extract<Actor, { type: 'integration' }> & { ratePerMinute: number };

/**
 * The integration an `Authorization: Bearer <token>` header belongs to; 401 for anything else.
 * The integration API's sign-in: it runs before anyone is acting, so ctx.actor is not consulted.
 */
export async function authenticateIntegration(ctx: LibContext, authorization: string | null): Promise<IntegrationActor> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  if (!match) throw new DomainError('unauthenticated', 'Send an integration token as "Authorization: Bearer <token>".');
  const [token] = await ctx.db
    .select({ id: integrationTokens.id, name: integrationTokens.name, ratePerMinute: integrationTokens.ratePerMinute })
    .from(integrationTokens)
    .where(and(eq(integrationTokens.tokenHash, hashToken(match[1]!)), isNull(integrationTokens.revokedAt)));
  if (!token) throw new DomainError('unauthenticated', 'This integration token is unknown or revoked.');
  return { type: 'integration', id: token.id, name: token.name, ratePerMinute: token.ratePerMinute };
}

/** Over the token's rate: a too_many_requests error that also says when to come back. */
export class RateLimitError extends DomainError {
  constructor(readonly retryAfterSeconds: number, limit: number) {
    super('too_many_requests', `Rate limit: this token may send ${limit} reports a minute; retry in ${retryAfterSeconds} s.`);
    this.name = 'RateLimitError';
  }
}

/**
 * Building block: fixed one-minute windows counted in the database (shared by every server process). Call it inside
 * the request's transaction: a refused or failed request rolls its count back with everything else,
 * and the window row's lock serialises one token's concurrent requests.
 */
export async function consumeRate(tx: Db, integration: IntegrationActor, units: number, now: Date): Promise<void> {
  const [window] = await queryRows<{ used: number; seconds_left: number }>(
    tx,
    sql`insert into integration_rate_windows as w (token_id, window_start, used)
        values (${integration.id}, date_trunc('minute', now()), ${units})
        on conflict (token_id, window_start) do update set used = w.used + excluded.used
        returning w.used, ceil(extract(epoch from (w.window_start + interval '1 minute' - now())))::int as seconds_left`,
  );
  if (window!.used > integration.ratePerMinute) throw new RateLimitError(Math.max(1, window!.seconds_left), integration.ratePerMinute);
  // Old windows are of no further use.
  await queryRows(tx, sql`delete from integration_rate_windows where token_id = ${integration.id} and window_start < date_trunc('minute', now())`);
  await tx.update(integrationTokens).set({ lastUsedAt: now }).where(eq(integrationTokens.id, integration.id));
}
