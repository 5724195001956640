import { desc, isNotNull, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { riskWeightVersions } from '@/db/schema';
import { num, step, type RunContext } from './run-context';

/**
 * Weight versions as a scoring run reads and applies them (the precision loop that makes them
 * is lib/risk/reweigh.ts). Apart from it so that scoring does not import the evaluation.
 */

/** A weight version as a scoring run uses it. */
export interface WeightSet {
  /** The adopted version; 0 for a suggestion being evaluated. */
  version: number;
  /** Signal code → multiplier (missing: 1). */
  multipliers: Record<string, number>;
}

/** Building block: the weight version in force (the highest adopted). */
export async function currentWeights(db: Db): Promise<WeightSet> {
  const [row] = await db
    .select({ version: riskWeightVersions.version, multipliers: riskWeightVersions.multipliers })
    .from(riskWeightVersions)
    .where(isNotNull(riskWeightVersions.version))
    .orderBy(desc(riskWeightVersions.version))
    .limit(1);
  return row ? { version: row.version!, multipliers: row.multipliers } : { version: 1, multipliers: {} };
}

/**
 * Building block of a scoring run, after every signal is in `risk_signal_rows`: scales each
 * signal by its multiplier, and says so in its evidence.
 */
export async function applyWeights(tx: Db, run: RunContext, weights: WeightSet): Promise<void> {
  const entries = Object.entries(weights.multipliers).filter(([, factor]) => Number.isFinite(factor) && factor !== 1);
  if (entries.length === 0) return;
  const values = sql.join(
    entries.map(([code, factor]) => sql`(${code}::text, ${num(factor)}::real)`),
    sql`, `,
  );
  const label = weights.version ? `weight version ${weights.version}` : 'suggested weights';
  await step(
    tx,
    run,
    'weight version',
    sql`update risk_signal_rows s set weight = s.weight * m.factor,
        evidence = s.evidence || format(' (${sql.raw(label)}: ×%s)', m.factor)
      from (values ${values}) as m(code, factor)
      where m.code = s.code`,
  );
}
