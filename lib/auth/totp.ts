import { Secret, TOTP } from 'otpauth';
import type { Role } from './roles';

/** Time-based one-time codes (RFC 6238: SHA-1, 6 digits, 30 s), as authenticator apps expect. */
const ISSUER = 'Lookout';

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totpFor(secretBase32: string, email = ''): TOTP {
  return new TOTP({ issuer: ISSUER, label: email, secret: Secret.fromBase32(secretBase32) });
}

/** The otpauth:// URI an authenticator app imports (typed in or scanned). */
export function totpUri(secretBase32: string, email: string): string {
  return totpFor(secretBase32, email).toString();
}

const PERIOD_MS = 30_000;

/**
 * The time-step (30-second slot since the epoch) the code belongs to, or null when it matches
 * none. Accepts the current step and its immediate neighbours, to allow for clock drift; the
 * caller refuses a step at or before the last one accepted, so a code works once.
 */
export function matchTotpStep(secretBase32: string, code: string, now: Date = new Date()): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totpFor(secretBase32).validate({ token: code, timestamp: now.getTime(), window: 1 });
  return delta === null ? null : Math.floor(now.getTime() / PERIOD_MS) + delta;
}

export function currentTotp(secretBase32: string, now: Date = new Date()): string {
  return totpFor(secretBase32).generate({ timestamp: now.getTime() });
}

/**
 * A second factor is mandatory for the roles that can disclose or administer, unless
 * LOOKOUT_REQUIRE_MFA=0 switches it off (the demo and the browser tests; the app shell then warns).
 */
export function mfaSwitchedOff(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.LOOKOUT_REQUIRE_MFA === '0';
}

export function mfaRequiredFor(role: Role, env: NodeJS.ProcessEnv = process.env): boolean {
  return !mfaSwitchedOff(env) && (role === 'liaison' || role === 'admin');
}
