import NextAuth, { CredentialsSignin, type User } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { getDb } from '@/db';
import { authenticateStaff, type SignInResult } from '@/lib/auth/signin';
import { authSecret } from './auth-secret';
import { logServerError } from './log';
import { requestAddressFrom } from './request-address';

declare module 'next-auth' {
  interface User {
    sessionVersion?: number;
  }
  interface Session {
    staffId?: string;
    sessionVersion?: number;
  }
}

/** Carries why a sign-in was refused to the sign-in form (the code is never more specific than the page shows). */
export class SignInRefused extends CredentialsSignin {
  constructor(result: Exclude<SignInResult, { outcome: 'signed_in' }>) {
    super();
    this.code = result.outcome === 'throttled' ? `throttled:${result.retryAfterSeconds}` : result.outcome;
  }
}

// About one shift: server components cannot refresh the cookie, so a token ends 8 hours after sign-in.
const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;

/**
 * Auth.js for staff: email + password (+ one-time code when enrolled), JWT sessions. A token
 * only names the staff member and the session version it was issued under; server/session.ts
 * checks both against the database on every request.
 */
export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  secret: authSecret(),
  trustHost: true,
  session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS },
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
        return { id: result.staff.id, email: result.staff.email, sessionVersion: result.staff.sessionVersion };
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.staffId = user.id;
        token.sessionVersion = user.sessionVersion;
      }
      return token;
    },
    session({ session, token }) {
      return {
        expires: session.expires,
        staffId: typeof token.staffId === 'string' ? token.staffId : undefined,
        sessionVersion: typeof token.sessionVersion === 'number' ? token.sessionVersion : undefined,
      };
    },
  },
}));
