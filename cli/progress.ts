import type { FileProgress } from '@/lib/import';

const REDRAW_MS = 250;

/**
 * Rows and rows/s per file on one self-overwriting stderr line, redrawn at most four times a second
 * while reading (and at each change of phase). Only for a terminal: piped or logged output gets the
 * final summary alone.
 */
export function importProgress(stream: NodeJS.WriteStream): ((progress: FileProgress) => void) | undefined {
  if (!stream.isTTY) return undefined;
  let lastDraw = 0;
  return (progress) => {
    const now = Date.now();
    if (progress.phase === 'reading' && now - lastDraw < REDRAW_MS) return;
    lastDraw = now;
    const rows = progress.rows.toLocaleString('en');
    const rate = Math.round((progress.rows * 1000) / Math.max(progress.elapsedMs, 1)).toLocaleString('en');
    const line =
      progress.phase === 'done'
        ? `${progress.file}: ${rows} rows in ${(progress.elapsedMs / 1000).toFixed(1)} s (${rate} rows/s)\n`
        : `${progress.file}: ${rows} rows, ${rate} rows/s${progress.phase === 'reading' ? '' : ` — ${progress.phase}…`}`;
    stream.write(`\r\x1b[2K${line}`);
  };
}

/**
 * The step under way and the time so far, on one self-overwriting stderr line; `clear` removes it
 * before the summary. Only for a terminal, like importProgress.
 */
export function stepProgress(stream: NodeJS.WriteStream): { onStep?: (step: string) => void; clear: () => void } {
  if (!stream.isTTY) return { clear: () => undefined };
  const started = Date.now();
  return {
    onStep: (step) => stream.write(`\r\x1b[2Kscoring: ${step}… (${((Date.now() - started) / 1000).toFixed(0)} s)`),
    clear: () => stream.write('\r\x1b[2K'),
  };
}
