/**
 * `npm run bench -- <name> [args]`: runs one benchmark from bench/ (what they share is in bench/support/).
 * Benchmarks report ratios against a baseline measured in the same run; they are not tests and never
 * run in `npm test`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

const available = readdirSync(import.meta.dirname)
  .filter((file) => file.endsWith('.ts') && file !== 'run.ts')
  .map((file) => file.slice(0, -3));
const [name, ...args] = process.argv.slice(2);
const file = name ? path.join(import.meta.dirname, `${name}.ts`) : '';

if (!name || !existsSync(file)) {
  process.stderr.write(`bench: name one of: ${available.join(', ')} (e.g. npm run bench -- queue)\n`);
  process.exit(2);
}
const result = spawnSync('npx', ['tsx', file, ...args], { stdio: 'inherit' });
process.exit(result.status ?? 1);
