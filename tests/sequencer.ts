import path from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The order files start in. vitest starts files it has no timings for largest first, and a fresh
 * clone (CI) has none: the hostile-input files are short but run for minutes (1,000 inputs per
 * door), so they started last and one worker ran them alone while the other sat idle. They start
 * first instead, the longest first; the second slot goes to a long file that needs no seeded stage,
 * so the hostile files after it find the stage the first one seeded (tests/hostile/harness.ts).
 * Every other file keeps vitest's own order.
 */
const FIRST = ['tests/hostile/pages.test.ts', 'tests/cli/staff-audit-cli.test.ts', 'tests/hostile/actions.test.ts', 'tests/hostile/routes.test.ts'];

export default class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (spec: TestSpecification) => {
      const index = FIRST.indexOf(path.relative(process.cwd(), spec.moduleId).split(path.sep).join('/'));
      return index === -1 ? FIRST.length : index;
    };
    return sorted.map((spec, order) => ({ spec, order })).sort((a, b) => rank(a.spec) - rank(b.spec) || a.order - b.order).map(({ spec }) => spec);
  }
}
