import { describe, expect, it } from 'vitest';
import { runsBackgroundJobs, serveProcessCount } from '@/server/serve-processes';

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
