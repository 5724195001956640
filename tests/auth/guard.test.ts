import { beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { StaffSession } from '../../lib/auth/session';
import { InputError } from '../../lib/errors';

// The guards' only inputs from Next and Auth.js: the request headers and the checked session.
const request = vi.hoisted(() => ({ headers: new Headers(), session: null as StaffSession | null }));
// What next.config.js's experimental.authInterrupts sets inside Next.
process.env.__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS = 'true';
vi.mock('next/headers', () => ({ headers: async () => request.headers }));
vi.mock('../../server/session', () => ({ getStaffSession: async () => request.session }));

const { guardedAction, guardedRoute, requirePagePermission, safeNextPath } = await import('../../server/guard');

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
  request.headers = new Headers({ 'x-lookout-path': '/staff?tab=2', 'x-forwarded-for': '203.0.113.9, 10.0.0.1' });
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
    if (input.name === 'bad') throw new InputError('that name is taken');
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
    expect(seen[1]).toEqual({ input: { name: 'bob', tags: ['a', 'b'] }, context: { actor: admin, requestAddress: '10.0.0.1' } });
  });

  it('answers bad input with field errors, and domain errors with their message', async () => {
    request.session = sessionOf(admin);
    expect(await action({ name: 'x' })).toMatchObject({ ok: false, fieldErrors: { name: [expect.stringMatching(/>=2 characters/)] } });
    expect(await action({ name: 'bad' })).toEqual({ ok: false, error: 'that name is taken' });
    vi.spyOn(console, 'error').mockImplementation(() => {});
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
    if (params.id === 'bad') throw new InputError('unknown id');
    return Response.json({ actor: actor.email, id: params.id, requestAddress, method: req.method });
  });
  const call = (id: string) => handler(new Request('http://x/api', { headers: { 'x-real-ip': '198.51.100.4' } }), { params: Promise.resolve({ id }) });

  it('answers 401, 403, 400 and 200 as JSON', async () => {
    expect((await call('1')).status).toBe(401);
    request.session = sessionOf(moderator);
    const refused = await call('1');
    expect([refused.status, await refused.json()]).toEqual([403, { error: 'Your role (moderator) may not audit:read.' }]);
    request.session = sessionOf(admin);
    const bad = await call('bad');
    expect([bad.status, await bad.json()]).toEqual([400, { error: 'unknown id' }]);
    const ok = await call('7');
    expect([ok.status, await ok.json()]).toEqual([200, { actor: 'admin@lookout.test', id: '7', requestAddress: '198.51.100.4', method: 'GET' }]);
  });
});

describe('safeNextPath', () => {
  it('keeps local paths and drops anything that could leave the site', () => {
    expect(safeNextPath('/accounts/a1?tab=contacts')).toBe('/accounts/a1?tab=contacts');
    for (const unsafe of ['https://evil.test/', '//evil.test', '/\\evil.test', 'javascript:alert(1)', '', null, undefined]) {
      expect(safeNextPath(unsafe)).toBe('/');
    }
  });
});
