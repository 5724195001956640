import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson, sha256Hex } from './canonical';

/**
 * A signed statement "the audit entry at `seq` has hash `hash`", made at `at` with the key `keyId`.
 * Because every entry's hash covers the one before, a checkpoint fixes the whole history up to
 * `seq`: removing, reordering or rewriting any of it, or removing the entries it names, no longer
 * matches. The signing key lives outside the database, so whoever can edit the database cannot
 * make a new checkpoint for a rewritten history.
 */
export const checkpointSchema = z.object({
  type: z.literal('checkpoint'),
  seq: z.number().int().positive(),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  at: z.iso.datetime(),
  keyId: z.string().min(1).max(64),
  signature: z.string().min(1),
});
export type Checkpoint = z.output<typeof checkpointSchema>;

/** A checkpoint and where it was read from (a file and line, or the table), to name it in a report. */
export interface FoundCheckpoint extends Checkpoint {
  source: string;
}

/** The signing key and the folder of checkpoint files: everything anchoring needs, none of it in the database. */
export interface AuditAnchor {
  privateKey: KeyObject;
  publicKey: KeyObject;
  keyId: string;
  checkpointDir: string;
}

/** A key's short name: the first 16 hex digits of the SHA-256 of its public key (SPKI DER). */
export function keyIdOf(publicKey: KeyObject): string {
  return sha256Hex(publicKey.export({ type: 'spki', format: 'der' })).slice(0, 16);
}

/** Reads an Ed25519 public key (PEM, SPKI), or the public half of a private key. */
export function ed25519PublicKey(pem: string | Buffer, what: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch {
    throw new Error(`${what}: not a PEM public or private key`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${what}: an Ed25519 key is needed, this is ${key.asymmetricKeyType ?? 'unknown'}`);
  return key;
}

/** The exact bytes a checkpoint's signature covers. */
function signedText(checkpoint: Pick<Checkpoint, 'seq' | 'hash' | 'at' | 'keyId'>): Buffer {
  const { seq, hash, at, keyId } = checkpoint;
  return Buffer.from(canonicalJson({ purpose: 'lookout audit checkpoint', seq, hash, at, keyId }));
}

export function signCheckpoint(anchor: AuditAnchor, head: { seq: number; hash: string }, at: Date): Checkpoint {
  const unsigned = { seq: head.seq, hash: head.hash, at: at.toISOString(), keyId: anchor.keyId };
  return { type: 'checkpoint', ...unsigned, signature: sign(null, signedText(unsigned), anchor.privateKey).toString('base64') };
}

/** True when the checkpoint was signed by this public key and not altered since. */
export function isSignedBy(checkpoint: Checkpoint, publicKey: KeyObject): boolean {
  if (checkpoint.keyId !== keyIdOf(publicKey)) return false;
  try {
    return verify(null, signedText(checkpoint), publicKey, Buffer.from(checkpoint.signature, 'base64'));
  } catch {
    return false;
  }
}
