import { readFileSync } from 'node:fs';
import path from 'node:path';
import { decode, encode } from '@auth/core/jwt';
import { expect, test, type BrowserContext } from '@playwright/test';
import { signIn } from './helpers';
import { IDLE_SESSION_ID } from './seed';
import { E2E_STAFF } from './staff-accounts';

// The e2e server's own session key (generated into its throw-away data folder), so a test can
// age a real token the way an old cookie would look. Nothing here changes the server's clock.
const COOKIE = 'authjs.session-token';
const secret = () => readFileSync(path.resolve(`.data-e2e-${process.env.E2E_PORT ?? 3100}`, 'auth-secret'), 'utf8').trim();

async function sessionToken(context: BrowserContext) {
  const cookie = (await context.cookies()).find((c) => c.name === COOKIE)!;
  const token = (await decode({ token: cookie.value, secret: secret(), salt: COOKIE }))!;
  return { cookie, token };
}

async function withToken(context: BrowserContext, cookie: { domain: string; path: string }, token: Record<string, unknown>) {
  const value = await encode({ token, secret: secret(), salt: COOKIE, maxAge: 8 * 3600 });
  await context.clearCookies();
  await context.addCookies([{ name: COOKIE, value, domain: cookie.domain, path: cookie.path, httpOnly: true, sameSite: 'Lax' }]);
}

test('a session past 8 hours since sign-in, or idle past 30 minutes, is sent to sign-in', async ({ page, browser }) => {
  await signIn(page, E2E_STAFF.agedSession, '/signin?next=/profile');
  const { cookie, token } = await sessionToken(page.context());

  const other = await browser.newContext();
  const visit = async (claims: Record<string, unknown>) => {
    await withToken(other, cookie, { ...token, ...claims });
    const tab = await other.newPage();
    await tab.goto('/profile');
    const url = new URL(tab.url()).pathname;
    await tab.close();
    return url;
  };
  // The same token re-signed as is still works: what follows fails for its age alone.
  expect(await visit({})).toBe('/profile');
  expect(await visit({ authenticatedAt: Date.now() - 8 * 3600_000 - 60_000 })).toBe('/signin');
  // A session whose last request was 31 minutes ago (seeded on the server) is over.
  expect(await visit({ sessionId: IDLE_SESSION_ID, authenticatedAt: Date.now() - 40 * 60_000 })).toBe('/signin');
  await other.close();

  // /api/auth/session re-issues the cookie but never extends the 8 hours: the old sign-in time travels on.
  const oldSignIn = Date.now() - 8 * 3600_000 + 60_000;
  await withToken(page.context(), cookie, { ...token, authenticatedAt: oldSignIn });
  const refreshed = await page.request.get('/api/auth/session');
  expect(refreshed.ok()).toBe(true);
  expect((await sessionToken(page.context())).token.authenticatedAt).toBe(oldSignIn);
});

test('Auth.js’s own sign-out page is off: it could clear the cookie without ending the session', async ({ page }) => {
  await signIn(page, E2E_STAFF.builtinSignOut, '/signin?next=/profile');
  expect((await page.request.get('/api/auth/signout')).status()).toBe(404);
  expect((await page.request.post('/api/auth/signout', { form: { csrfToken: 'x' } })).status()).toBe(404);
  // Still signed in: nothing was cleared on the way.
  await page.goto('/profile');
  await expect(page).toHaveURL(/\/profile$/);
});
