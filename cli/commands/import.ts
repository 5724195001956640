import path from 'node:path';
import type { Command } from 'commander';
import { openDatabase } from '@/db/client';
import { ImportError, importPlatformData, type ImportSummary } from '@/lib/import';
import { actorOption, cliContext } from '../actor';
import { importProgress } from '../progress';

interface ImportCommandOptions {
  skipInvalid?: boolean;
  rejects?: string;
  as?: string;
}

export function registerImport(program: Command): void {
  const command = program
    .command('import')
    .description('import a folder of platform CSV files (accounts, birthdate_changes, contacts, blocks, reports)')
    .argument('<dir>', 'folder holding the .csv or .csv.gz files')
    .option('--skip-invalid', 'land the good rows and write the bad ones to a rejects file')
    .option('--rejects <file>', 'where --skip-invalid writes rejected rows (default: ./lookout-rejects-<time>.csv)');
  actorOption(command).action(async (dir: string, options: ImportCommandOptions) => {
    if (options.rejects && !options.skipInvalid) throw new Error('--rejects is only used with --skip-invalid');
    const database = await openDatabase();
    try {
      const ctx = await cliContext(database.db, options.as, 'platform:import');
      const started = Date.now();
      const summary = await importPlatformData(ctx, {
        dir,
        skipInvalid: options.skipInvalid,
        rejectsPath: options.skipInvalid ? path.resolve(options.rejects ?? defaultRejectsPath()) : undefined,
        onProgress: importProgress(process.stderr),
      });
      process.stdout.write(formatSummary(summary, Date.now() - started));
    } catch (error) {
      // Bad input is reported exactly as `file:line: column: reason`, nothing else on the line.
      if (!(error instanceof ImportError)) throw error;
      process.stderr.write(`${error.message}\n`);
      process.exitCode = 1;
    } finally {
      await database.close();
    }
  });
}

function defaultRejectsPath(): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, 'Z');
  return `lookout-rejects-${stamp}.csv`;
}

function formatSummary(summary: ImportSummary, elapsedMs: number): string {
  const header = ['file', 'rows', 'inserted', 'updated', 'unchanged', 'rejected'];
  const rows = summary.files.map((f) => [f.file, f.rows, f.inserted, f.updated, f.unchanged, f.rejected].map(String));
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const format = (cells: string[]) =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  const total = summary.files.reduce((sum, f) => sum + f.rows, 0);
  const rate = Math.round((total * 1000) / Math.max(elapsedMs, 1));
  const lines = [
    format(header),
    ...rows.map(format),
    `${total} rows in ${(elapsedMs / 1000).toFixed(1)} s (${rate} rows/s)`,
    `accounts changed: ${summary.touchedAccounts.count}`,
  ];
  if (summary.rescore) {
    const { scope, scored, durationMs } = summary.rescore;
    lines.push(`re-scored (${scope === 'full' ? 'everyone' : 'the changed accounts and their neighbours'}) in ${(durationMs / 1000).toFixed(1)} s: ${scored} accounts with a score`);
  }
  if (summary.rejectsPath) {
    const rejected = summary.files.reduce((sum, f) => sum + f.rejected, 0);
    lines.push(`rejected rows: ${rejected}, written to ${summary.rejectsPath}`);
  }
  return `${lines.join('\n')}\n`;
}
