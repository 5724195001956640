import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runsBackgroundJobs, serveCommand, serveProcessCount } from '@/server/serve-processes';

const postgres = { DATABASE_URL: 'postgres://lookout_app@127.0.0.1/lookout' };

describe('how many server processes npm run serve starts', () => {
  it('runs one unless told otherwise, on either database', () => {
    expect(serveProcessCount(postgres)).toBe(1);
    expect(serveProcessCount({})).toBe(1);
  });

  it('takes LOOKOUT_SERVE_PROCESSES when it is a whole number in range', () => {
    expect(serveProcessCount({ ...postgres, LOOKOUT_SERVE_PROCESSES: '2' })).toBe(2);
    expect(serveProcessCount({ ...postgres, LOOKOUT_SERVE_PROCESSES: ' 8 ' })).toBe(8);
    expect(serveProcessCount({ LOOKOUT_SERVE_PROCESSES: '1' })).toBe(1);
  });

  it('refuses a number it cannot honour, naming the setting', () => {
    for (const asked of ['0', '-1', '2.5', 'two', '65', '1e3']) {
      expect(() => serveProcessCount({ ...postgres, LOOKOUT_SERVE_PROCESSES: asked })).toThrow(/LOOKOUT_SERVE_PROCESSES must be a whole number from 1 to 64/);
    }
  });

  it('refuses several processes over the embedded database instead of opening its folder twice', () => {
    expect(() => serveProcessCount({ LOOKOUT_SERVE_PROCESSES: '2' })).toThrow(/needs DATABASE_URL/);
  });

  it('runs the background jobs unless the supervisor turned them off for this process', () => {
    expect(runsBackgroundJobs({})).toBe(true);
    expect(runsBackgroundJobs({ LOOKOUT_BACKGROUND_JOBS: 'on' })).toBe(true);
    expect(runsBackgroundJobs({ LOOKOUT_BACKGROUND_JOBS: 'off' })).toBe(false);
  });
});

describe('the command that starts the server', () => {
  it('hands SIGTERM to the server even while its event loop is busy, so it closes and exits 0', async () => {
    // A server that is busy when the signal comes (rendering a page, on a loaded machine). Through the tsx
    // command, which relays signals and SIGKILLs a child that has not acknowledged one within ~60 ms, it exits 143.
    const folder = mkdtempSync(path.join(tmpdir(), 'lookout-serve-'));
    const script = path.join(folder, 'busy-server.ts');
    try {
      writeFileSync(
        script,
        `const busyFor = (ms: number): void => { const end = Date.now() + ms; while (Date.now() < end); };
        process.on('SIGTERM', () => process.exit(0));
        process.stdout.write('ready\\n');
        setTimeout(() => busyFor(1500), 50);`,
      );
      const server = spawn(...serveCommand([], script), { stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise((ready) => server.stdout.once('data', ready));
      await new Promise((busy) => setTimeout(busy, 400));
      server.kill('SIGTERM');
      expect(await new Promise((exited) => server.once('exit', (code, signal) => exited(code ?? signal)))).toBe(0);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
