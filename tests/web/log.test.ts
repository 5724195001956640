import { DrizzleQueryError } from 'drizzle-orm/errors';
import { afterEach, describe, expect, it } from 'vitest';
import { createLog, logServerError, routeConsoleErrorsThroughLog } from '@/server/log';

function capture() {
  const lines: string[] = [];
  const logger = createLog({ write: (line: string) => void lines.push(line) });
  return { logger, lines, entries: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('server log', () => {
  it('logs a failed query by name, SQLSTATE and stack, never its parameters, and the path without its query', () => {
    const { logger, lines, entries } = capture();
    const cause = Object.assign(new Error('duplicate key value violates unique constraint; Key (email)=(officer@police.example)'), { code: '23505' });
    const failure = new DrizzleQueryError('insert into reports (description) values ($1)', ['groomed my daughter on 3 May', 'tok_live_secret'], cause);
    logServerError(failure, { door: 'page', path: '/police/new?officer=Jane+Doe&token=abc' }, logger);
    const text = lines.join('');
    for (const secret of ['groomed', 'tok_live_secret', 'officer@police.example', 'Jane', 'token=abc', 'insert into']) expect(text).not.toContain(secret);
    expect(entries()).toEqual([
      expect.objectContaining({
        level: 50,
        door: 'page',
        path: '/police/new',
        msg: 'request failed',
        error: { name: 'DrizzleQueryError', frames: expect.arrayContaining([expect.stringMatching(/^at /)]), cause: expect.objectContaining({ name: 'Error', code: '23505' }) },
      }),
    ]);
  });

  it('redacts secrets passed as fields by mistake', () => {
    const { logger, lines } = capture();
    logger.info({ password: 'hunter2', token: 'abc', headers: { cookie: 'session=1' }, user: { authorization: 'Bearer x' } }, 'oops');
    expect(lines.join('')).not.toMatch(/hunter2|abc|session=1|Bearer/);
  });
});

describe("Next's own console.error", () => {
  const original = console.error;
  afterEach(() => {
    console.error = original;
  });

  it('goes through the log: the error without its message, with the digest the error page shows', () => {
    const { logger, lines, entries } = capture();
    routeConsoleErrorsThroughLog(logger);
    const failure = Object.assign(new DrizzleQueryError('select * from police_requests where officer_email = $1', ['jane.smith@met.police.uk']), { digest: '1234567' });
    console.error(failure);
    console.error('Failed to prepare server\nsecond line', new Error('ENOENT: /home/x'));
    expect(lines.join('')).not.toMatch(/jane\.smith|officer_email|ENOENT|second line/);
    expect(entries()).toEqual([
      expect.objectContaining({ door: 'render', msg: 'server error', error: expect.objectContaining({ name: 'DrizzleQueryError', digest: '1234567' }) }),
      expect.objectContaining({ door: 'render', msg: 'Failed to prepare server', error: expect.objectContaining({ name: 'Error' }) }),
    ]);
  });
});
