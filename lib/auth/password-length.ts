/**
 * How long a staff password may be. Apart from lib/auth/password.ts so a browser form can say it
 * without bundling the hashing code (and Node's crypto shim: ~130 KB of first-load JavaScript).
 */
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;
