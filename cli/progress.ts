import type { FileProgress } from '../lib/import';

const REDRAW_MS = 250;

/**
 * Rows and rows/s per file on one self-overwriting stderr line, redrawn at most four times a second.
 * Only for a terminal: piped or logged output gets the final summary alone.
 */
export function importProgress(stream: NodeJS.WriteStream): ((progress: FileProgress) => void) | undefined {
  if (!stream.isTTY) return undefined;
  let lastDraw = 0;
  return (progress) => {
    const now = Date.now();
    if (!progress.done && now - lastDraw < REDRAW_MS) return;
    lastDraw = now;
    const rate = progress.elapsedMs > 0 ? Math.round((progress.rows * 1000) / progress.elapsedMs) : 0;
    const line = `${progress.file}: ${progress.rows.toLocaleString('en')} rows, ${rate.toLocaleString('en')} rows/s`;
    stream.write(`\r\x1b[2K${line}${progress.done ? '\n' : ''}`);
  };
}
