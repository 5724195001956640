import type { KeyObject } from 'node:crypto';
import { z } from 'zod';
import { checkpointSchema, isSignedBy, keyIdOf, type Checkpoint } from './checkpoint-format';
import { entryHash, GENESIS_HASH } from './log';
import { isSelectionSignedBy, SelectionDigest, selectionSchema, type Selection } from './selection';

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const nullableText = z.string().nullable();

/** An entry line of an export (lib/audit/export.ts): exactly the fields its hash covers, plus the hash. */
const entryLineSchema = z.strictObject({
  type: z.literal('entry'),
  seq: z.number().int().positive(),
  at: z.iso.datetime(),
  actorType: z.string(),
  actorId: nullableText,
  actorEmail: nullableText,
  actorRole: nullableText,
  action: z.string(),
  targetType: z.string(),
  targetId: nullableText,
  changes: z.record(z.string(), z.unknown()),
  reason: nullableText,
  requestAddress: nullableText,
  prevHash: hex64,
  hash: hex64,
});
const lineSchema = z.discriminatedUnion('type', [entryLineSchema, checkpointSchema.strict()]);

/** What a line of an export holds when it is not JSON. */
const NOT_JSON = Symbol('not JSON');

/**
 * The lines of an export, each non-blank one parsed as JSON (NOT_JSON when it is not); `count` is
 * the number of the line read last, blank ones included, for the problem a verifier reports.
 */
class ExportLines {
  count = 0;
  constructor(private readonly lines: AsyncIterable<string>) {}

  async *[Symbol.asyncIterator](): AsyncGenerator<unknown> {
    for await (const text of this.lines) {
      this.count += 1;
      if (text.trim() === '') continue;
      try {
        yield JSON.parse(text);
      } catch {
        yield NOT_JSON;
      }
    }
  }
}

export type ExportCheck =
  | { ok: true; entries: number; checkpoints: number; lastSeq: number; newest: Checkpoint }
  | { ok: false; line: number; problem: string };

/** Entry hashes by seq, 32 bytes each: a checkpoint line may name any entry read before it. */
class HashesBySeq {
  private buffer = Buffer.alloc(32 * 1024);
  set(seq: number, hash: string): void {
    if (seq * 32 > this.buffer.length) {
      const grown = Buffer.alloc(Math.max(this.buffer.length * 2, seq * 32));
      this.buffer.copy(grown);
      this.buffer = grown;
    }
    this.buffer.write(hash, (seq - 1) * 32, 'hex');
  }
  get(seq: number): string {
    return this.buffer.subarray((seq - 1) * 32, seq * 32).toString('hex');
  }
}

/**
 * `audit verify --file F --public-key K`: checks an export with no database. Entries must run from
 * seq 1 without a gap, each hashing to its `hash` and linking to the one before; then checkpoints,
 * each signed by K, in seq order, each matching the entry it names; the last covering the last
 * entry. Any edited, removed or reordered line, or a checkpoint signed by another key, fails with
 * the number of the first line that shows it.
 */
export async function verifyExport(lines: AsyncIterable<string>, publicKey: KeyObject): Promise<ExportCheck> {
  const keyId = keyIdOf(publicKey);
  const hashes = new HashesBySeq();
  const read = new ExportLines(lines);
  let last: { seq: number; hash: string } | null = null;
  let newest: Checkpoint | null = null;
  let checkpoints = 0;
  const fail = (problem: string): ExportCheck => ({ ok: false, line: read.count, problem });

  for await (const json of read) {
    if (json === NOT_JSON) return fail('not JSON');
    const parsed = lineSchema.safeParse(json);
    if (!parsed.success) return fail(`not an entry or checkpoint line (${parsed.error.issues[0]?.path.join('.') || 'type'}: ${parsed.error.issues[0]?.message})`);
    const line = parsed.data;

    if (line.type === 'entry') {
      if (newest) return fail(`entry seq ${line.seq} after the checkpoints: lines were reordered`);
      const expected: number = last ? last.seq + 1 : 1;
      if (line.seq !== expected) return fail(`expected entry seq ${expected}, found ${line.seq}: lines were removed or reordered`);
      if (line.prevHash !== (last?.hash ?? GENESIS_HASH)) return fail(`entry seq ${line.seq} does not link to the entry before it`);
      const { type: _type, hash, ...entry } = line;
      if (entryHash({ ...entry, at: new Date(entry.at) }) !== hash) return fail(`entry seq ${line.seq} does not match its hash: it was edited`);
      hashes.set(line.seq, hash);
      last = { seq: line.seq, hash };
      continue;
    }

    if (!isSignedBy(line, publicKey)) return fail(`the checkpoint at seq ${line.seq} is not signed by the given key (${keyId}; it names key ${line.keyId})`);
    if (newest && line.seq < newest.seq) return fail(`checkpoint at seq ${line.seq} after one at seq ${newest.seq}: lines were reordered`);
    if (!last || line.seq > last.seq) {
      const from = (last?.seq ?? 0) + 1;
      return fail(`the checkpoint at seq ${line.seq} names entries ${from}–${line.seq}, which are missing from the export`);
    }
    if (hashes.get(line.seq) !== line.hash) return fail(`the checkpoint at seq ${line.seq} does not match entry ${line.seq}: the entries were rewritten`);
    newest = line;
    checkpoints += 1;
  }

  read.count += 1;
  if (!last) return fail('the export holds no entries');
  if (!newest) return fail(`no checkpoint signed by the given key (${keyId}) vouches for the entries`);
  if (newest.seq < last.seq) {
    return fail(`entries ${newest.seq + 1}–${last.seq} are not covered by a checkpoint: the export's last checkpoint was removed`);
  }
  return { ok: true, entries: last.seq, checkpoints, lastSeq: last.seq, newest };
}

export function describeExportCheck(file: string, result: ExportCheck): string {
  return result.ok
    ? `audit export intact: ${result.entries} entries (seq 1–${result.lastSeq}), ${result.checkpoints} checkpoints; the newest, at seq ${result.newest.seq}, signed ${result.newest.at} by key ${result.newest.keyId}`
    : `audit export broken at ${file}:${result.line}: ${result.problem}`;
}

export type SelectionCheck =
  | { ok: true; entries: number; selection: Selection; checkpoint: Checkpoint }
  | { ok: false; line: number; problem: string };

/**
 * Checks a signed export of a filtered view (lib/audit/export-view.ts) with no database: the
 * selection line signed by K; each entry hashing to its `hash`, in rising seq order, none past the
 * head; the entries' seqs and hashes matching the signed digest and count; and last, a checkpoint
 * signed by K naming exactly the head the selection names (an entry at the head must be it).
 */
export async function verifySelectionExport(lines: AsyncIterable<string>, publicKey: KeyObject): Promise<SelectionCheck> {
  const keyId = keyIdOf(publicKey);
  const read = new ExportLines(lines);
  let selection: Selection | null = null;
  let checkpoint: Checkpoint | null = null;
  let lastSeq = 0;
  let entries = 0;
  const digest = new SelectionDigest();
  const fail = (problem: string): SelectionCheck => ({ ok: false, line: read.count, problem });

  for await (const json of read) {
    if (json === NOT_JSON) return fail('not JSON');
    if (!selection) {
      const parsed = selectionSchema.safeParse(json);
      if (!parsed.success) return fail('the first line is not a selection line');
      if (!isSelectionSignedBy(parsed.data, publicKey)) return fail(`the selection is not signed by the given key (${keyId}; it names key ${parsed.data.keyId}), or was altered`);
      selection = parsed.data;
      continue;
    }
    if (checkpoint) return fail('a line after the closing checkpoint');
    const parsed = lineSchema.safeParse(json);
    if (!parsed.success) return fail(`not an entry or checkpoint line (${parsed.error.issues[0]?.path.join('.') || 'type'}: ${parsed.error.issues[0]?.message})`);
    const line = parsed.data;
    if (line.type === 'entry') {
      if (line.seq <= lastSeq) return fail(`entry seq ${line.seq} after entry ${lastSeq}: lines were reordered or repeated`);
      if (line.seq > selection.head.seq) return fail(`entry seq ${line.seq} is past the head the selection names (${selection.head.seq})`);
      const { type: _type, hash, ...entry } = line;
      if (entryHash({ ...entry, at: new Date(entry.at) }) !== hash) return fail(`entry seq ${line.seq} does not match its hash: it was edited`);
      if (line.seq === selection.head.seq && hash !== selection.head.hash) return fail(`entry seq ${line.seq} is not the head the selection names`);
      digest.add(line.seq, hash);
      lastSeq = line.seq;
      entries += 1;
      continue;
    }
    if (!isSignedBy(line, publicKey)) return fail(`the checkpoint at seq ${line.seq} is not signed by the given key (${keyId})`);
    if (line.seq !== selection.head.seq || line.hash !== selection.head.hash) return fail(`the checkpoint at seq ${line.seq} is not the head the selection names (seq ${selection.head.seq})`);
    checkpoint = line;
  }
  read.count += 1;
  if (!selection) return fail('the file is empty');
  if (entries !== selection.entries) return fail(`the selection names ${selection.entries} entries, the file holds ${entries}: entries were removed or added`);
  if (digest.hex() !== selection.digest) return fail('the entries do not match the signed digest: entries were replaced');
  if (!checkpoint) return fail('the closing checkpoint is missing');
  return { ok: true, entries, selection, checkpoint };
}

export function describeSelectionCheck(file: string, result: SelectionCheck): string {
  if (!result.ok) return `audit view export broken at ${file}:${result.line}: ${result.problem}`;
  const filters = Object.entries(result.selection.filters).map(([key, value]) => `${key}=${value}`).join(', ') || 'no filter';
  return `audit view export intact: ${result.entries} entries (${filters}), signed ${result.selection.at} by key ${result.selection.keyId}; the log's head then was seq ${result.checkpoint.seq}`;
}

/** Whether a file's first non-empty line is a selection line (a view export) rather than a full export. */
export function isSelectionLine(text: string): boolean {
  try {
    return (JSON.parse(text) as { type?: unknown }).type === 'selection';
  } catch {
    return false;
  }
}
