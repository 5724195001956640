import { beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { StaffSession } from '@/lib/auth/session';
import { DomainError } from '@/lib/errors';

// The guards' only inputs from Next and Auth.js: the request headers and the checked session.
const request = vi.hoisted(() => ({ headers: new Headers(), session: null as StaffSession | null }));
// What next.config.js's experimental.authInterrupts sets inside Next.
process.env.__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS = 'true';
vi.mock('next/headers', () => ({ headers: async () => request.headers }));
vi.mock('../../server/session', () => ({ getStaffSession: async () => request.session }));
// The app's database handle, as the guards pass it on in the LibContext.
const appDb = vi.hoisted(() => ({ name: 'the app database' }));
vi.mock('../../db', () => ({ getDb: async () => appDb }));

const { guardedAction, guardedRoute, requirePagePermission, safeNextPath } = await import('@/server/guard');
const { markPeerHeaderSet } = await import('@/server/request-address');
// As scripts/serve.ts does: the peer header is Lookout's own, not the client's.
markPeerHeaderSet();

const moderator = { type: 'staff', id: 'm1', email: 'mod@lookout.test', role: 'moderator' } as const;
const admin = { type: 'staff', id: 'a1', email: 'admin@lookout.test', role: 'admin' } as const;
const sessionOf = (actor: StaffSession['actor'], pending: Partial<StaffSession> = {}): StaffSession => ({
  actor,
  sessionId: '00000000-0000-4000-8000-000000000001',
  mustChangePassword: false,
  mustEnrolSecondFactor: false,
  ...pending,
});
/** What a Next interrupt (redirect, forbidden) carries. */
const interrupt = (call: () => Promise<unknown>) => call().then(
  () => 'no interrupt',
  (error: { digest?: string }) => error.digest,
);

beforeEach(() => {
  // The client's own X-Forwarded-For is ignored: the peer is not a trusted proxy.
  request.headers = new Headers({ 'x-lookout-path': '/staff?tab=2', 'x-lookout-peer': '203.0.113.9', 'x-forwarded-for': '198.51.100.1' });
  request.session = null;
});

describe('requirePagePermission', () => {
  it('sends a signed-out visitor to sign in, and back', async () => {
    expect(await interrupt(() => requirePagePermission('staff:manage'))).toMatch(/^NEXT_REDIRECT;replace;\/signin\?next=%2Fstaff%3Ftab%3D2;307;/);
  });
  it('renders the 403 page for a role without the permission', async () => {
    request.session = sessionOf(moderator);
    expect(await interrupt(() => requirePagePermission('staff:manage'))).toBe('NEXT_HTTP_ERROR_FALLBACK;403');
  });
  it('returns the actor when allowed', async () => {
    request.session = sessionOf(admin);
    expect(await requirePagePermission('staff:manage')).toEqual(admin);
  });
  it('keeps a member with a one-time password on their profile page', async () => {
    request.session = sessionOf(admin, { mustChangePassword: true });
    expect(await interrupt(() => requirePagePermission('staff:manage'))).toMatch(/^NEXT_REDIRECT;replace;\/profile;307;/);
    expect(await requirePagePermission('profile:manage')).toEqual(admin);
  });
});

describe('guardedAction', () => {
  const schema = z.object({ name: z.string().min(2), tags: z.array(z.string()).default([]) });
  const seen: unknown[] = [];
  const action = guardedAction('staff:manage', schema, async (input, context) => {
    seen.push({ input, context });
    if (input.name === 'bad') throw new DomainError('conflict', 'that name is taken');
    if (input.name === 'boom') throw new Error('connection reset: secret internals');
    return `hello ${input.name}`;
  });
  beforeEach(() => {
    seen.length = 0;
  });

  it('refuses signed-out and wrong-role callers without running', async () => {
    expect(await action({ name: 'ok' })).toEqual({ ok: false, error: 'Sign in to continue.' });
    request.session = sessionOf(moderator);
    expect(await action({ name: 'ok' })).toEqual({ ok: false, error: 'Your role (moderator) may not staff:manage.' });
    expect(seen).toEqual([]);
  });

  it('parses an object or FormData (also as useActionState’s second argument) and passes actor and address', async () => {
    request.session = sessionOf(admin);
    expect(await action({ name: 'ann' })).toEqual({ ok: true, data: 'hello ann' });
    const form = new FormData();
    form.append('name', 'bob');
    form.append('tags', 'a');
    form.append('tags', 'b');
    expect(await action(null, form)).toEqual({ ok: true, data: 'hello bob' });
    expect(seen[1]).toEqual({ input: { name: 'bob', tags: ['a', 'b'] }, context: { db: appDb, actor: admin, requestAddress: '203.0.113.9', now: expect.any(Date) } });
  });

  it('answers bad input with field errors, and domain errors with their message', async () => {
    request.session = sessionOf(admin);
    expect(await action({ name: 'x' })).toMatchObject({ ok: false, fieldErrors: { name: [expect.stringMatching(/>=2 characters/)] } });
    expect(await action({ name: 'bad' })).toEqual({ ok: false, error: 'that name is taken' });
    expect(await action({ name: 'boom' })).toEqual({ ok: false, error: 'The server could not complete this request; nothing was changed.' });
  });

  it('refuses everything but the profile while setup is pending', async () => {
    request.session = sessionOf(admin, { mustEnrolSecondFactor: true });
    expect(await action({ name: 'ann' })).toEqual({ ok: false, error: 'Finish setting up your sign-in on your profile page first.' });
    expect(seen).toEqual([]);
  });
});

describe('guardedRoute', () => {
  const handler = guardedRoute<{ id: string }>('audit:read', async (req, { actor, params, requestAddress }) => {
    if (params.id === 'bad') throw new DomainError('not_found', 'unknown id');
    return Response.json({ actor: actor.email, id: params.id, requestAddress, method: req.method });
  });
  const call = (id: string) => handler(new Request('http://x/api', { headers: { 'x-lookout-peer': '198.51.100.4' } }), { params: Promise.resolve({ id }) });

  it('answers 401, 403, 400 and 200 as JSON', async () => {
    expect((await call('1')).status).toBe(401);
    request.session = sessionOf(moderator);
    const refused = await call('1');
    expect([refused.status, await refused.json()]).toEqual([403, { error: 'Your role (moderator) may not audit:read.' }]);
    request.session = sessionOf(admin);
    const bad = await call('bad');
    expect([bad.status, await bad.json()]).toEqual([404, { error: 'unknown id' }]);
    const ok = await call('7');
    expect([ok.status, await ok.json()]).toEqual([200, { actor: 'admin@lookout.test', id: '7', requestAddress: '198.51.100.4', method: 'GET' }]);
  });
});

describe('safeNextPath', () => {
  it('keeps local paths, normalised', () => {
    expect(safeNextPath('/accounts/a1?tab=contacts')).toBe('/accounts/a1?tab=contacts');
    expect(safeNextPath('/police/x/../y?q=a%20b#h')).toBe('/police/y?q=a%20b#h');
    expect(safeNextPath('/search?q=//not-a-host')).toBe('/search?q=//not-a-host');
  });

  it('drops anything that could leave the site', () => {
    const unsafe = [
      'https://evil.example/',
      'http:evil.example',
      '//evil.example',
      '///evil.example',
      '/\\evil.example',
      '\\\\evil.example',
      '/\t/evil.example', // what /%09/evil.example is once the query string is decoded
      '/\n/evil.example',
      '/\r//evil.example',
      '/.//evil.example',
      '/./\\evil.example',
      '/a/..//evil.example',
      '/%2F%2Fevil.example',
      '/%2f/evil.example',
      '/%5Cevil.example',
      '/%09/evil.example',
      '/%0d%0aSet-Cookie:x=1',
      '/%E0%A4%A',
      ' /evil',
      'javascript:alert(1)',
      'data:text/html,x',
      '',
      null,
      undefined,
    ];
    for (const next of unsafe) expect([next, safeNextPath(next)]).toEqual([next, '/']);
  });
});
