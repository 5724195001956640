import NextAuth, { CredentialsSignin, type User } from 'next-auth';
import type { JWT } from 'next-auth/jwt';
import Credentials from 'next-auth/providers/credentials';
import { headers } from 'next/headers';
import { getDb } from '@/db';
import { endAllSessions, loadStaffSession, SESSION_ABSOLUTE_MS, tokenExpiry, type SessionToken } from '@/lib/auth/session';
import { authenticateStaff, type SignInResult } from '@/lib/auth/signin';
import { authSecret } from './auth-secret';
import { logServerError } from './log';
import { requestAddressFrom } from './request-address';

declare module 'next-auth' {
  interface User {
    sessionVersion?: number;
    sessionId?: string;
    authenticatedAt?: number;
  }
  interface Session {
    token?: SessionToken;
  }
}

/** Carries why a sign-in was refused to the sign-in form (the code is never more specific than the page shows). */
export class SignInRefused extends CredentialsSignin {
  constructor(result: Exclude<SignInResult, { outcome: 'signed_in' }>) {
    super();
    this.code = result.outcome === 'throttled' ? `throttled:${result.retryAfterSeconds}` : result.outcome;
  }
}

/** What the token carries, or null when it does not have the shape this version of Lookout issues. */
export function sessionTokenFrom(token: JWT | null | undefined): SessionToken | null {
  if (!token) return null;
  const { staffId, sessionVersion, sessionId, authenticatedAt } = token as Record<string, unknown>;
  if (typeof staffId !== 'string' || typeof sessionId !== 'string') return null;
  if (typeof sessionVersion !== 'number' || typeof authenticatedAt !== 'number') return null;
  return { staffId, sessionVersion, sessionId, authenticatedAt };
}

/**
 * Auth.js for staff: email + password (+ one-time code when enrolled), JWT sessions. A token
 * names the staff member, the session version it was issued under, its session row and when
 * the sign-in happened; server/session.ts checks all of it against the database on every
 * request (lib/auth/session.ts: 8-hour absolute lifetime, 30-minute idle timeout). Auth.js
 * re-signs the cookie on /api/auth/session with a fresh expiry, but `authenticatedAt` travels
 * unchanged, so that never extends a session.
 */
export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  secret: authSecret(),
  trustHost: true,
  session: { strategy: 'jwt', maxAge: SESSION_ABSOLUTE_MS / 1000 },
  pages: { signIn: '/signin', error: '/signin' },
  logger: {
    // A refused sign-in is expected traffic (counted in signin_failures), not a server error.
    error(error) {
      if (!(error instanceof CredentialsSignin)) logServerError(error, { door: 'auth' });
    },
  },
  providers: [
    Credentials({
      credentials: { email: {}, password: {}, code: {} },
      async authorize(credentials, request): Promise<User> {
        const result = await authenticateStaff(
          await getDb(),
          {
            email: String(credentials.email ?? ''),
            password: String(credentials.password ?? ''),
            code: credentials.code ? String(credentials.code) : undefined,
          },
          requestAddressFrom(request.headers),
        );
        if (result.outcome !== 'signed_in') throw new SignInRefused(result);
        return {
          id: result.staff.id,
          email: result.staff.email,
          sessionVersion: result.staff.sessionVersion,
          sessionId: result.session.id,
          authenticatedAt: result.session.authenticatedAt.getTime(),
        };
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.staffId = user.id;
        token.sessionVersion = user.sessionVersion;
        token.sessionId = user.sessionId;
        token.authenticatedAt = user.authenticatedAt;
        return token;
      }
      // A token past its absolute lifetime is not re-signed: Auth.js clears the cookie instead.
      const carried = sessionTokenFrom(token);
      return carried && !tokenExpiry(carried, new Date()) ? token : null;
    },
    session({ session, token }) {
      return { expires: session.expires, token: sessionTokenFrom(token) ?? undefined };
    },
  },
  events: {
    // Every sign-out — the app's button and Auth.js's own /api/auth/signout page — ends the
    // session on the server, not only the cookie in this browser.
    async signOut(message) {
      const carried = 'token' in message ? sessionTokenFrom(message.token) : null;
      if (!carried) return;
      const db = await getDb();
      const ctx = { db, actor: null, requestAddress: requestAddressFrom(await headers()), now: new Date() };
      const live = await loadStaffSession(ctx, carried);
      if (live) await endAllSessions(ctx, { staffId: live.actor.id });
    },
  },
}));
