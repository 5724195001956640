import { createReadStream, readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { openDatabase, type Database } from '@/db/client';
import { auditAnchorFromEnv, generateAuditKey } from '@/lib/audit/anchor-config';
import { describeAnchoredCheck, verifyAnchoredAudit } from '@/lib/audit/anchored';
import { ed25519PublicKey } from '@/lib/audit/checkpoint-format';
import { exportAudit } from '@/lib/audit/export';
import { describeExportCheck, describeSelectionCheck, isSelectionLine, verifyExport, verifySelectionExport } from '@/lib/audit/offline';
import { actorOption, cliActor } from '../actor';

type OpenDatabase = () => Promise<Database>;

export function registerAudit(program: Command, openDb: OpenDatabase = () => openDatabase()): void {
  const group = program.command('audit').description('the audit log');
  actorOption(
    group
      .command('verify')
      .description(
        'check the hash chain against every signed checkpoint and sign a new one; exits non-zero naming the first broken entry. With --file and --public-key: check an export (the whole log, or a view exported from the explorer), with no database',
      )
      .option('--file <export>', 'an NDJSON export (audit export --out) to check instead of the database')
      .option('--public-key <pem-file>', 'the Ed25519 public key the export\'s checkpoints must be signed with')
      .option('--incremental', 'check only the entries since the last passing verification\'s signed checkpoint'),
  ).action(async (opts: { as?: string; file?: string; publicKey?: string; incremental?: boolean }) => {
    if (opts.file || opts.publicKey) {
      await verifyFile(opts.file, opts.publicKey);
      return;
    }
    const database = await openDb();
    try {
      const anchor = auditAnchorFromEnv(process.env, database.dataDir);
      const actor = await cliActor(database.db, opts.as, 'audit:verify');
      const result = await verifyAnchoredAudit(
        { db: database.db, actor, requestAddress: null, now: new Date() },
        { anchor, mode: opts.incremental ? 'incremental' : 'full' },
      );
      if (!result.ok) throw new Error(describeAnchoredCheck(result));
      process.stdout.write(`${describeAnchoredCheck(result)}\n`);
    } finally {
      await database.close();
    }
  });

  actorOption(
    group
      .command('export')
      .description('write the whole log as NDJSON: every entry with its hashes, then every signed checkpoint (needs the signing key)')
      .requiredOption('--out <file>', 'where to write the export (must not exist)'),
  ).action(async (opts: { as?: string; out: string }) => {
    const database = await openDb();
    try {
      const anchor = auditAnchorFromEnv(process.env, database.dataDir);
      if (!anchor) throw new Error('audit export needs the audit signing key (LOOKOUT_AUDIT_KEY_FILE or LOOKOUT_AUDIT_SIGNING_KEY): an export no checkpoint vouches for proves nothing');
      const actor = await cliActor(database.db, opts.as, 'audit:read');
      const file = await open(opts.out, 'wx').catch((error: NodeJS.ErrnoException) => {
        throw new Error(error.code === 'EEXIST' ? `--out: ${opts.out} already exists` : `--out: cannot write ${opts.out} (${error.code})`);
      });
      try {
        const result = await exportAudit(
          { db: database.db, actor, requestAddress: null, now: new Date() },
          { anchor, write: async (line) => void (await file.write(line)) },
        );
        await file.sync();
        process.stdout.write(`audit exported to ${opts.out}: ${result.entries} entries, ${result.checkpoints} checkpoints (key ${anchor.keyId})\n`);
      } finally {
        await file.close();
      }
    } finally {
      await database.close();
    }
  });

  group
    .command('keygen')
    .description('make an Ed25519 audit signing key: the private key in --out (mode 600), the public key in --out.pub')
    .requiredOption('--out <file>', 'where to write the private key (must not exist)')
    .action(async (opts: { out: string }) => {
      const key = await generateAuditKey(opts.out);
      process.stdout.write(`audit signing key ${key.keyId} written to ${key.keyFile}; public key in ${key.publicKeyFile}\n`);
    });
}

async function verifyFile(file: string | undefined, publicKeyFile: string | undefined): Promise<void> {
  if (!file || !publicKeyFile) throw new Error('--file and --public-key go together: checking an export needs both');
  let pem: Buffer;
  try {
    pem = readFileSync(publicKeyFile);
  } catch (error) {
    throw new Error(`--public-key: cannot read ${publicKeyFile} (${(error as NodeJS.ErrnoException).code})`);
  }
  const publicKey = ed25519PublicKey(pem, `--public-key ${publicKeyFile}`);
  const stream = createReadStream(file, 'utf8');
  const opened = new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', (error: NodeJS.ErrnoException) => reject(new Error(`--file: cannot read ${file} (${error.code})`)));
  });
  await opened;
  const lines = createInterface({ input: stream, crlfDelay: Infinity })[Symbol.asyncIterator]();
  // A view export (the explorer's signed NDJSON) opens with its signed selection line.
  let first = await lines.next();
  const skipped: string[] = [];
  while (!first.done && first.value.trim() === '') {
    skipped.push(first.value);
    first = await lines.next();
  }
  async function* all() {
    yield* skipped;
    if (!first.done) yield first.value;
    for (let next = await lines.next(); !next.done; next = await lines.next()) yield next.value;
  }
  if (!first.done && isSelectionLine(first.value)) {
    const result = await verifySelectionExport(all(), publicKey);
    if (!result.ok) throw new Error(describeSelectionCheck(file, result));
    process.stdout.write(`${describeSelectionCheck(file, result)}\n`);
    return;
  }
  const result = await verifyExport(all(), publicKey);
  if (!result.ok) throw new Error(describeExportCheck(file, result));
  process.stdout.write(`${describeExportCheck(file, result)}\n`);
}
