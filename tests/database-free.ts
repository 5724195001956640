import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Test files that never open a database: they name no database helper, import nothing from db/ and
 * spawn no CLI. What they prove does not depend on the engine, so the PostgreSQL half of `npm test`
 * (LOOKOUT_TEST_ENGINE=postgres, beside the PGlite half) leaves them to the PGlite half
 * (vitest.config.ts), and a skipped PostgreSQL half is counted without them (scripts/run-tests.ts).
 */
const OPENS_DATABASE = /helpers\/db|@\/db\b|openDatabase|DATABASE_URL|spawn|cli\/lookout/;

export function databaseFreeTestFiles(): string[] {
  return ['tests', 'lib'].flatMap((dir) =>
    readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .map((file) => path.join(dir, file).split(path.sep).join('/'))
      .filter((file) => file.endsWith('.test.ts') && !OPENS_DATABASE.test(readFileSync(file, 'utf8'))),
  );
}
