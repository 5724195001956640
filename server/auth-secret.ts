import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pgliteDataDir } from '@/db/client';

/**
 * The key that signs and encrypts session tokens: AUTH_SECRET when set (production), otherwise a
 * random one generated once into the data folder, so a local install has a stable secret of its
 * own without anything hard-coded in the source.
 */
let cached: string | undefined;

export function authSecret(): string {
  cached ??= process.env.AUTH_SECRET || localSecret();
  return cached;
}

function localSecret(): string {
  const dir = pgliteDataDir();
  const file = path.join(dir, 'auth-secret');
  mkdirSync(dir, { recursive: true });
  try {
    // 'wx' fails if another process created it first; then read theirs.
    writeFileSync(file, randomBytes(32).toString('base64url'), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return readFileSync(file, 'utf8').trim();
}
