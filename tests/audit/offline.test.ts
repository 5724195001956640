import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { keyIdOf, signCheckpoint, type AuditAnchor } from '@/lib/audit/checkpoint-format';
import { entryLine } from '@/lib/audit/export';
import { entryHash, GENESIS_HASH, type AuditRow } from '@/lib/audit/log';
import { verifyExport } from '@/lib/audit/offline';

function makeAnchor(): AuditAnchor {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKey, publicKey, keyId: keyIdOf(publicKey), checkpointDir: '' };
}

/** An export as `audit export` writes it: six chained entries, then checkpoints at seq 3 and 6. */
function exportLines(anchor: AuditAnchor): string[] {
  const entries: AuditRow[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= 6; seq++) {
    const entry = {
      seq,
      at: new Date(Date.UTC(2026, 0, 1, 0, seq)),
      actorType: 'staff',
      actorId: 'a1',
      actorEmail: 'admin@lookout.test',
      actorRole: 'admin',
      action: 'report.decide',
      targetType: 'report',
      targetId: `r${seq}`,
      changes: { decision: 'dismiss', n: seq },
      reason: null,
      requestAddress: '203.0.113.9',
      prevHash,
    };
    prevHash = entryHash(entry);
    entries.push({ ...entry, hash: prevHash });
  }
  const checkpoints = [entries[2]!, entries[5]!].map((entry) => JSON.stringify(signCheckpoint(anchor, entry, new Date())));
  return [...entries.map(entryLine), ...checkpoints];
}

async function* linesOf(lines: string[]): AsyncIterable<string> {
  yield* lines;
}

describe('the offline export verifier', () => {
  const anchor = makeAnchor();
  const lines = exportLines(anchor);
  const check = (edited: string[], key = anchor.publicKey) => verifyExport(linesOf(edited), key);

  it('accepts an untouched export', async () => {
    expect(await check(lines)).toMatchObject({ ok: true, entries: 6, checkpoints: 2, lastSeq: 6, newest: { seq: 6 } });
  });

  it('names an edited line', async () => {
    const edited = [...lines];
    edited[3] = edited[3]!.replace('"decision":"dismiss"', '"decision":"ban"');
    expect(await check(edited)).toEqual({ ok: false, line: 4, problem: 'entry seq 4 does not match its hash: it was edited' });
  });

  it('names the line after a removed one', async () => {
    const edited = lines.filter((_, index) => index !== 1);
    expect(await check(edited)).toEqual({ ok: false, line: 2, problem: 'expected entry seq 2, found 3: lines were removed or reordered' });
  });

  it('names reordered lines', async () => {
    const edited = [...lines];
    [edited[2], edited[4]] = [edited[4]!, edited[2]!];
    expect(await check(edited)).toEqual({ ok: false, line: 3, problem: 'expected entry seq 3, found 5: lines were removed or reordered' });
  });

  it('names the newest entries removed together with nothing else', async () => {
    const edited = lines.filter((_, index) => index < 4 || index > 5);
    expect(await check(edited)).toEqual({
      ok: false,
      line: 6,
      problem: 'the checkpoint at seq 6 names entries 5–6, which are missing from the export',
    });
  });

  it('names entries its last checkpoint no longer covers once that line is removed', async () => {
    expect(await check(lines.slice(0, -1))).toEqual({
      ok: false,
      line: 8,
      problem: "entries 4–6 are not covered by a checkpoint: the export's last checkpoint was removed",
    });
  });

  it('names a checkpoint signed by another key, and refuses the right export checked with the wrong key', async () => {
    const other = makeAnchor();
    const forged = [...lines];
    forged[7] = JSON.stringify(signCheckpoint(other, { seq: 6, hash: JSON.parse(lines[5]!).hash }, new Date()));
    expect(await check(forged)).toEqual({
      ok: false,
      line: 8,
      problem: `the checkpoint at seq 6 is not signed by the given key (${anchor.keyId}; it names key ${other.keyId})`,
    });
    expect(await check(lines, other.publicKey)).toMatchObject({ ok: false, line: 7 });
  });

  it('names a line that is not JSON, and an export with no checkpoint', async () => {
    expect(await check([lines[0]!, '{"type":"entry",', ...lines.slice(1)])).toEqual({ ok: false, line: 2, problem: 'not JSON' });
    expect(await check(lines.slice(0, 6))).toEqual({
      ok: false,
      line: 7,
      problem: `no checkpoint signed by the given key (${anchor.keyId}) vouches for the entries`,
    });
  });
});
