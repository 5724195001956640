import { afterEach, expect } from 'vitest';

/**
 * A transaction is one connection, and node-postgres sends it one statement at a time: queries started
 * together on it (`Promise.all` over `tx`) only queue, with a deprecation warning, and pg 9 will refuse
 * them. Every test fails that makes node-postgres give that warning. The warning is given once per
 * process, and vitest runs each file in a process of its own, so the test that first queues a query
 * is the one that fails.
 */
const queued: string[] = [];
process.on('warning', (warning) => {
  if (warning.message.includes('already executing a query')) queued.push(warning.stack ?? warning.message);
});

afterEach(async () => {
  // process.emitWarning delivers on the next tick.
  await new Promise((resolve) => setImmediate(resolve));
  expect(queued.splice(0), 'queries started together on one connection (run them one after another)').toEqual([]);
});
