import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { defineConfig } from 'vitest/config';
import LongestFirstSequencer from './tests/sequencer';

// vitest 5 reports failures with Map.groupBy, which Node 20 lacks; without it a failing test crashes the reporter.
if (!('groupBy' in Map)) {
  Object.defineProperty(Map, 'groupBy', {
    value<K, T>(items: Iterable<T>, keyOf: (item: T, index: number) => K): Map<K, T[]> {
      const groups = new Map<K, T[]>();
      let index = 0;
      for (const item of items) {
        const key = keyOf(item, index++);
        const group = groups.get(key);
        if (group) group.push(item);
        else groups.set(key, [item]);
      }
      return groups;
    },
  });
}

export default defineConfig({
  resolve: { alias: { '@': path.resolve(import.meta.dirname) } },
  test: {
    include: ['tests/**/*.test.ts', 'lib/**/*.test.ts'],
    environment: 'node',
    // Second-factor secrets are encrypted with a key outside the database: one per run.
    env: { LOOKOUT_TOTP_KEY: randomBytes(32).toString('base64') },
    // next-auth imports `next/server` without an extension, which Node's ESM loader refuses; let Vite resolve it
    // (tests/hostile/ calls the sign-in action and the Auth.js route in process).
    server: { deps: { inline: ['next-auth'] } },
    // Migrates one template database per run; each file's database is a copy of it (tests/helpers/db.ts).
    globalSetup: ['tests/global-setup.ts'],
    // The long hostile-input files first, so they do not run alone at the end (tests/sequencer.ts).
    sequence: { sequencer: LongestFirstSequencer },
    pool: 'forks',
    // Each file opens its own database (a copy of the migrated template); two cores, two workers.
    maxWorkers: 2,
    // Generous: CLI tests spawn processes and a loaded 2-core machine is slow; speed is measured in bench/, not here.
    testTimeout: 180_000,
    hookTimeout: 120_000,
  },
});
