import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { engineOf } from '@/db/copy';
import { appendAudit } from '../audit/log';
import { requirePermission } from '../auth/permissions';
import type { LibContext } from '../context';
import { hasKeptState, rescoreAfterImport } from '../risk/score';
import { IMPORT_FILES, type ImportFile } from './files';
import { importFile, type FileProgress, type FileSummary } from './import-file';
import { RejectsWriter } from './rejects';
import { createWorkTables, touchedAccounts } from './staging';

export { ImportError, formatProblem, type ImportProblem } from './problems';
export type { FileProgress, FileSummary } from './import-file';

/**
 * Up to this many changed account ids are returned by name; past it only their number, and the caller
 * (the risk step) should re-score everyone — listing hundreds of thousands of ids would hold them all in
 * memory, which a streaming import promises not to do.
 */
export const TOUCHED_IDS_LIMIT = 10_000;

export interface ImportInput {
  /** The folder holding the contract's CSV files. */
  dir: string;
  /** Land the good rows and write the bad ones to `rejectsPath`, instead of landing nothing. */
  skipInvalid?: boolean;
  rejectsPath?: string;
  onProgress?: (progress: FileProgress) => void;
}

export interface ImportSummary {
  files: FileSummary[];
  /** The rejects file written by `skipInvalid`, else null. */
  rejectsPath: string | null;
  /** Accounts whose data this import inserted or changed (ids listed only up to TOUCHED_IDS_LIMIT). */
  touchedAccounts: { count: number; ids: string[] | null };
  /** The re-score run inside the import (null when nothing changed). */
  rescore: { scope: 'full' | 'accounts'; scored: number; durationMs: number } | null;
}

const IMPORT_LOCK_KEY = 7_400_301;

/**
 * Imports a folder of platform CSV files (contract v1, docs/import.md) in one transaction: all of it
 * lands, or — on the first bad row, unless `skipInvalid` — nothing does, and an ImportError names it
 * as `file:line: column: reason`. Re-importing the same folder changes nothing. Admins only
 * (`platform:import`); writes one `platform.import` audit entry with the counts. The touched
 * accounts are re-scored as of ctx.now.
 */
export async function importPlatformData(ctx: LibContext, options: ImportInput): Promise<ImportSummary> {
  const actor = requirePermission(ctx.actor, 'platform:import');
  const { dir } = options;
  if (options.skipInvalid && !options.rejectsPath) throw new Error('skipping invalid rows needs a rejects file path');
  const found = await locateFiles(dir);

  const rejects = options.skipInvalid ? await RejectsWriter.open(options.rejectsPath!) : null;
  try {
    const summary = await ctx.db.transaction(async (tx) => {
      // The checks and upserts sort and hash a whole file at once: at the default 4 MB they spill to disk.
      // Not on PGlite, whose memory is this process's: there the spill keeps the import's memory flat.
      if (engineOf(tx) === 'postgres') await tx.execute(sql`set local work_mem = '256MB'`);
      // One import at a time. The app writes contacts nowhere else (only test and benchmark loaders do, into
      // empty databases), so the plain INSERT of new pairs (lib/import/files.ts) never meets another's pair.
      await tx.execute(sql`select pg_advisory_xact_lock(${IMPORT_LOCK_KEY})`);
      await createWorkTables(tx);
      // The changed conversations' pairs matter only to an incremental re-score, which needs kept state to
      // build on; without it (a first import: a million pairs) the re-score is a full one and they are not noted.
      const notePairs = await hasKeptState(tx);
      const files: FileSummary[] = [];
      for (const { file, ...located } of found) {
        files.push(await importFile(tx, file, located, { rejects, onProgress: options.onProgress, notePairs }));
      }
      const touched = await touchedAccounts(tx, TOUCHED_IDS_LIMIT);
      const changes = { accounts: 'import_touched', conversations: notePairs ? 'import_touched_pairs' : null };
      const risk = await rescoreAfterImport(tx, changes, touched.count, { asOf: ctx.now });
      await appendAudit(tx, {
        actor,
        action: 'platform.import',
        targetType: 'platform_data',
        targetId: path.basename(path.resolve(dir)),
        changes: {
          skipInvalid: Boolean(options.skipInvalid),
          files: Object.fromEntries(files.map(({ file, ...counts }) => [file, counts])),
          touchedAccounts: touched.count,
          riskRun: risk && { runId: risk.runId, scope: risk.scope, scored: risk.scored },
        },
        requestAddress: ctx.requestAddress,
      });
      const rescore = risk && { scope: risk.scope, scored: risk.scored, durationMs: risk.durationMs };
      return { files, rejectsPath: rejects?.path ?? null, touchedAccounts: touched, rescore };
    });
    await rejects?.close();
    return summary;
  } catch (error) {
    await rejects?.discard();
    throw error;
  }
}

interface LocatedFile {
  file: ImportFile;
  path: string;
  fileName: string;
}

/** The contract's files present in the folder, in load order; other files are left alone. */
async function locateFiles(dir: string): Promise<LocatedFile[]> {
  const entries = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    throw new Error(`cannot read folder ${dir}: ${error.code ?? error.message}`);
  });
  const found: LocatedFile[] = [];
  for (const file of IMPORT_FILES) {
    const names = [`${file.name}.csv`, `${file.name}.csv.gz`].filter((name) => entries.includes(name));
    if (names.length > 1) throw new Error(`${dir} holds both ${names.join(' and ')}: keep one`);
    if (names[0]) found.push({ file, path: path.join(dir, names[0]), fileName: names[0] });
  }
  if (found.length === 0) {
    const expected = IMPORT_FILES.map((file) => `${file.name}.csv`).join(', ');
    throw new Error(`${dir} holds none of the import files (${expected}, or .csv.gz)`);
  }
  return found;
}
