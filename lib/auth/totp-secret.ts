import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isNotNull, eq, and, notLike } from 'drizzle-orm';
import { pgliteDataDir, type Db } from '@/db/client';
import { staff } from '@/db/schema';

/**
 * TOTP secrets are stored encrypted (AES-256-GCM) under a key that is not in the database, so a
 * copy of the database (a backup, a read-only replica, an SQL injection) does not yield the
 * codes of liaison and admin staff. The staff id is the associated data: a ciphertext copied
 * onto another member's row does not decrypt.
 *
 * The key: LOOKOUT_TOTP_KEY (32 bytes, base64 or hex), else the file LOOKOUT_TOTP_KEY_FILE names;
 * on the embedded database only, a random key generated once into its data folder (next to,
 * not inside, the database files).
 */
const PREFIX = 'v1';

function parseKey(text: string, where: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) throw new Error(`${where} must hold a 32-byte key (base64 or 64 hex digits)`);
  return key;
}

function localKeyFile(): string {
  const dir = pgliteDataDir();
  const file = path.join(dir, 'totp-key');
  mkdirSync(dir, { recursive: true });
  try {
    writeFileSync(file, randomBytes(32).toString('base64'), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return file;
}

export function totpKey(env: NodeJS.ProcessEnv = process.env): Buffer {
  if (env.LOOKOUT_TOTP_KEY) return parseKey(env.LOOKOUT_TOTP_KEY, 'LOOKOUT_TOTP_KEY');
  if (env.LOOKOUT_TOTP_KEY_FILE) return parseKey(readFileSync(env.LOOKOUT_TOTP_KEY_FILE, 'utf8'), 'LOOKOUT_TOTP_KEY_FILE');
  if (env.DATABASE_URL) {
    throw new Error('Set LOOKOUT_TOTP_KEY or LOOKOUT_TOTP_KEY_FILE: second-factor secrets are encrypted with a key kept outside the database.');
  }
  return parseKey(readFileSync(localKeyFile(), 'utf8'), 'the local TOTP key file');
}

export function isEncryptedTotpSecret(stored: string): boolean {
  return stored.startsWith(`${PREFIX}:`);
}

export function encryptTotpSecret(staffId: string, secretBase32: string, key: Buffer = totpKey()): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(staffId));
  const body = Buffer.concat([cipher.update(secretBase32, 'utf8'), cipher.final()]);
  return [PREFIX, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join(':');
}

/** Throws when the ciphertext was altered, moved to another member, or made under another key. */
export function decryptTotpSecret(staffId: string, stored: string, key: Buffer = totpKey()): string {
  const [prefix, iv, tag, body] = stored.split(':');
  if (prefix !== PREFIX || !iv || !tag || !body) throw new Error('the stored second-factor secret is not in the encrypted format');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(staffId));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
}

/**
 * Encrypts the secrets stored in plain text before encryption existed. Runs after every migration
 * (db/client.ts); a no-op once done. Returns how many rows it encrypted.
 */
export async function encryptPlaintextTotpSecrets(db: Db): Promise<number> {
  const plain = await db
    .select({ id: staff.id, totpSecret: staff.totpSecret })
    .from(staff)
    .where(and(isNotNull(staff.totpSecret), notLike(staff.totpSecret, `${PREFIX}:%`)));
  if (!plain.length) return 0;
  const key = totpKey();
  for (const row of plain) {
    await db
      .update(staff)
      .set({ totpSecret: encryptTotpSecret(row.id, row.totpSecret!, key) })
      .where(and(eq(staff.id, row.id), eq(staff.totpSecret, row.totpSecret!)));
  }
  return plain.length;
}
