import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ed25519PublicKey, keyIdOf, type AuditAnchor } from './checkpoint-format';

/** Where the embedded database keeps its own signing key and checkpoints (the demo's, made by `npm start`). */
export const DEFAULT_KEY_FILE = 'audit-signing-key.pem';
export const DEFAULT_CHECKPOINT_DIR = 'audit-checkpoints';

/**
 * The signing key and checkpoint folder the environment names, or null when no key is configured
 * (then nothing is anchored, and `audit verify` says so):
 * - key: LOOKOUT_AUDIT_SIGNING_KEY (the PEM itself), else LOOKOUT_AUDIT_KEY_FILE (a PEM file),
 *   else, on the embedded database only, `audit-signing-key.pem` in its folder if present;
 * - checkpoints: LOOKOUT_CHECKPOINT_DIR, else `audit-checkpoints` in the embedded database's
 *   folder (or in `.data/` when the database is PostgreSQL).
 * A configured key that cannot be read is an error, never a silent "not anchored".
 */
export function auditAnchorFromEnv(env: NodeJS.ProcessEnv, embeddedDataDir?: string): AuditAnchor | null {
  const privateKey = signingKey(env, embeddedDataDir);
  if (!privateKey) return null;
  const publicKey = ed25519PublicKey(privateKey.export({ type: 'pkcs8', format: 'pem' }), 'audit signing key');
  const checkpointDir = path.resolve(env.LOOKOUT_CHECKPOINT_DIR || path.join(embeddedDataDir ?? '.data', DEFAULT_CHECKPOINT_DIR));
  return { privateKey, publicKey, keyId: keyIdOf(publicKey), checkpointDir };
}

function signingKey(env: NodeJS.ProcessEnv, embeddedDataDir?: string): KeyObject | null {
  if (env.LOOKOUT_AUDIT_SIGNING_KEY) return parsePrivateKey(env.LOOKOUT_AUDIT_SIGNING_KEY.replaceAll('\\n', '\n'), 'LOOKOUT_AUDIT_SIGNING_KEY');
  if (env.LOOKOUT_AUDIT_KEY_FILE) {
    let pem: string;
    try {
      pem = readFileSync(env.LOOKOUT_AUDIT_KEY_FILE, 'utf8');
    } catch (error) {
      throw new Error(`LOOKOUT_AUDIT_KEY_FILE: cannot read ${env.LOOKOUT_AUDIT_KEY_FILE} (${(error as NodeJS.ErrnoException).code})`);
    }
    return parsePrivateKey(pem, `LOOKOUT_AUDIT_KEY_FILE ${env.LOOKOUT_AUDIT_KEY_FILE}`);
  }
  if (embeddedDataDir) {
    const file = path.join(embeddedDataDir, DEFAULT_KEY_FILE);
    if (existsSync(file)) return parsePrivateKey(readFileSync(file, 'utf8'), file);
  }
  return null;
}

function parsePrivateKey(pem: string, what: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    throw new Error(`${what}: not a PEM private key`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${what}: an Ed25519 key is needed, this is ${key.asymmetricKeyType ?? 'unknown'}`);
  return key;
}

/**
 * Makes a new Ed25519 signing key: the private key in `file` (readable by its owner only) and
 * the public key, for auditors and `audit verify --public-key`, in `file.pub`. Never overwrites.
 */
export async function generateAuditKey(file: string): Promise<{ keyFile: string; publicKeyFile: string; keyId: string }> {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const keyFile = path.resolve(file);
  const publicKeyFile = `${keyFile}.pub`;
  await mkdir(path.dirname(keyFile), { recursive: true });
  try {
    await writeFile(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
    await writeFile(publicKeyFile, publicKey.export({ type: 'spki', format: 'pem' }), { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new Error(`${file} or ${file}.pub already exists: a signing key is never overwritten`);
    throw error;
  }
  return { keyFile, publicKeyFile, keyId: keyIdOf(publicKey) };
}
