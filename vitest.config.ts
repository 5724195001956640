import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { configDefaults, defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
// eslint-disable-next-line lookout/cross-layer-alias -- vitest bundles its config before the '@' alias exists
import { databaseFreeTestFiles } from './tests/database-free';

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

/**
 * The order files start in. vitest starts files it has no timings for largest first, and a fresh
 * clone (CI) has none: the hostile-input files are short but run for minutes (1,000 inputs per
 * door), so they started last and one worker ran them alone while the other sat idle. They start
 * first instead, the longest first; the second slot goes to a long file that needs no seeded stage,
 * so the hostile files after it find the stage the first one seeded (tests/hostile/harness.ts).
 * Every other file keeps vitest's own order.
 */
const FIRST = ['tests/hostile/pages.test.ts', 'tests/cli/staff-audit-cli.test.ts', 'tests/hostile/actions.test.ts', 'tests/hostile/routes.test.ts'];

class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (spec: TestSpecification) => {
      const index = FIRST.indexOf(path.relative(process.cwd(), spec.moduleId).split(path.sep).join('/'));
      return index === -1 ? FIRST.length : index;
    };
    return sorted.map((spec, order) => ({ spec, order })).sort((a, b) => rank(a.spec) - rank(b.spec) || a.order - b.order).map(({ spec }) => spec);
  }
}

export default defineConfig({
  resolve: { alias: { '@': path.resolve(import.meta.dirname) } },
  test: {
    include: ['tests/**/*.test.ts', 'lib/**/*.test.ts'],
    // The PostgreSQL half leaves files that never open a database to the PGlite half (tests/database-free.ts).
    exclude: process.env.LOOKOUT_TEST_ENGINE === 'postgres' ? [...configDefaults.exclude, ...databaseFreeTestFiles()] : configDefaults.exclude,
    environment: 'node',
    // Second-factor secrets are encrypted with a key outside the database: one per run.
    env: { LOOKOUT_TOTP_KEY: randomBytes(32).toString('base64') },
    // next-auth imports `next/server` without an extension, which Node's ESM loader refuses; let Vite resolve it
    // (tests/hostile/ calls the sign-in action and the Auth.js route in process).
    server: { deps: { inline: ['next-auth'] } },
    // Migrates one template database per run; each file's database is a copy of it (tests/helpers/db.ts).
    globalSetup: ['tests/global-setup.ts'],
    // Fails a test that starts queries together on one connection (tests/one-query-at-a-time.ts).
    setupFiles: ['tests/one-query-at-a-time.ts'],
    // The long hostile-input files first, so they do not run alone at the end (LongestFirstSequencer above).
    sequence: { sequencer: LongestFirstSequencer },
    pool: 'forks',
    // Each file opens its own database (a copy of the migrated template); two cores, two workers.
    maxWorkers: 2,
    // Generous: CLI tests spawn processes and a loaded 2-core machine is slow; speed is measured in bench/, not here.
    testTimeout: 180_000,
    hookTimeout: 120_000,
  },
});
