import { mkdir, open, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { checkpointSchema, type Checkpoint, type FoundCheckpoint } from './checkpoint-format';

/**
 * The copy of the checkpoints kept outside the database: one NDJSON file per UTC day in a folder
 * (LOOKOUT_CHECKPOINT_DIR), only ever appended to. Someone who can rewrite the database but not
 * this folder cannot make the two agree. Keep the folder on other storage than the database, and
 * make it append-only for the app's user where the platform can (`chattr +a`, object lock).
 */
const FILE = /^checkpoints-\d{4}-\d{2}-\d{2}\.ndjson$/;

function fileFor(dir: string, at: string): string {
  return path.join(dir, `checkpoints-${at.slice(0, 10)}.ndjson`);
}

/** Appends one line and flushes it to disk before returning (O_APPEND: concurrent writers never interleave a line). */
export async function appendCheckpointFile(dir: string, checkpoint: Checkpoint): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const handle = await open(fileFor(dir, checkpoint.at), 'a', 0o600);
  try {
    await handle.write(`${JSON.stringify(checkpoint)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function checkpointFiles(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((name) => FILE.test(name)).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

interface ParsedFile {
  checkpoints: FoundCheckpoint[];
  unreadable: { source: string; problem: string } | null;
}

async function readOne(dir: string, name: string): Promise<ParsedFile> {
  const lines = (await readFile(path.join(dir, name), 'utf8')).split('\n');
  const checkpoints: FoundCheckpoint[] = [];
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') continue;
    const source = `${path.join(dir, name)}:${index + 1}`;
    let parsed;
    try {
      parsed = checkpointSchema.safeParse(JSON.parse(line));
    } catch {
      return { checkpoints, unreadable: { source, problem: 'not JSON' } };
    }
    if (!parsed.success) return { checkpoints, unreadable: { source, problem: 'not a checkpoint' } };
    checkpoints.push({ ...parsed.data, source });
  }
  return { checkpoints, unreadable: null };
}

/** Every checkpoint line in the folder, oldest file first; the first unreadable line is reported. */
export async function readCheckpointFiles(dir: string): Promise<ParsedFile> {
  const all: FoundCheckpoint[] = [];
  for (const name of await checkpointFiles(dir)) {
    const file = await readOne(dir, name);
    all.push(...file.checkpoints);
    if (file.unreadable) return { checkpoints: all, unreadable: file.unreadable };
  }
  return { checkpoints: all, unreadable: null };
}

/** The last checkpoint appended (the newest day's last line), or null in an empty folder. */
export async function newestCheckpointInFiles(dir: string): Promise<Checkpoint | null> {
  const names = await checkpointFiles(dir);
  const newest = names.at(-1);
  if (!newest) return null;
  return (await readOne(dir, newest)).checkpoints.at(-1) ?? null;
}
