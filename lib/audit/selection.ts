import { sign, verify, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson, sha256Hex } from './canonical';
import { keyIdOf, type AuditAnchor } from './checkpoint-format';

/**
 * A signed export of a filtered view of the audit log (lib/audit/export-view.ts). A view is not a
 * contiguous run of the chain, so it cannot be re-linked on its own; instead the server signs, with
 * the audit key, a statement naming the filters, how many entries matched, a digest of their seqs
 * and hashes, and the chain's head at the time — followed by the entries (each still hashes to its
 * own `hash`, which covers its `prevHash`) and the signed checkpoint of that head. An auditor checks
 * it with `lookout audit verify --file F --public-key K`, and can match every (seq, hash) against a
 * full export or the checkpoint files later.
 */
export const selectionSchema = z.strictObject({
  type: z.literal('selection'),
  filters: z.record(z.string(), z.string()),
  entries: z.number().int().nonnegative(),
  digest: z.string().regex(/^[0-9a-f]{64}$/),
  head: z.strictObject({ seq: z.number().int().positive(), hash: z.string().regex(/^[0-9a-f]{64}$/) }),
  at: z.iso.datetime(),
  keyId: z.string().min(1).max(64),
  signature: z.string().min(1),
});
export type Selection = z.output<typeof selectionSchema>;

/** The running digest of a selection: SHA-256 over "seq:hash\n" for each entry, in the order written. */
export class SelectionDigest {
  private readonly parts: string[] = [];
  add(seq: number, hash: string): void {
    this.parts.push(`${seq}:${hash}\n`);
  }
  hex(): string {
    return sha256Hex(this.parts.join(''));
  }
}

function signedText(selection: Omit<Selection, 'type' | 'signature'>): Buffer {
  const { filters, entries, digest, head, at, keyId } = selection;
  return Buffer.from(canonicalJson({ purpose: 'lookout audit selection', filters, entries, digest, head, at, keyId }));
}

export function signSelection(anchor: AuditAnchor, unsigned: Omit<Selection, 'type' | 'signature' | 'keyId'>): Selection {
  const body = { ...unsigned, keyId: anchor.keyId };
  return { type: 'selection', ...body, signature: sign(null, signedText(body), anchor.privateKey).toString('base64') };
}

export function isSelectionSignedBy(selection: Selection, publicKey: KeyObject): boolean {
  if (selection.keyId !== keyIdOf(publicKey)) return false;
  try {
    return verify(null, signedText(selection), publicKey, Buffer.from(selection.signature, 'base64'));
  } catch {
    return false;
  }
}
