import fc from 'fast-check';

/**
 * Hostile input as a prober sends it: NUL bytes, lone UTF-16 surrogates, bad %-escapes, huge
 * strings, SQL-ish and path-ish text, wrong types, objects and arrays where text is expected, and
 * real ids from the seeded database damaged in those ways (so a check past the schema is reached).
 */
const NASTY = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\uD800',
  '\uDFFF',
  'x\uDC00y',
  '%',
  '%zz',
  '%E0%A4%A',
  '%00',
  "'; drop table staff; --",
  "' or '1'='1",
  '"',
  '\\',
  '../../etc/passwd',
  '\u202Ereversed',
  '\u200B',
  '<script>alert(1)</script>',
  'null',
  'undefined',
  'true',
  '[]',
  '{}',
  '-1',
  '0',
  '1e309',
  'NaN',
  '9999-99-99',
  '2026-02-30',
  '00000000-0000-0000-0000-000000000000',
  'WyIxIiwiMiJd', // base64url of ["1","2"]: a cursor of the right shape with wrong contents
  '\t\n\r',
  'toString',
  '__proto__',
] as const;

export function hostileString(realIds: readonly string[]): fc.Arbitrary<string> {
  const real = realIds.length ? fc.constantFrom(...realIds) : fc.constant('');
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...NASTY) },
    { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
    { weight: 1, arbitrary: fc.integer({ min: 65, max: 70_000 }).map((length) => 'a'.repeat(length)) },
    { weight: 3, arbitrary: real },
    {
      weight: 4,
      arbitrary: fc.tuple(real, fc.constantFrom(...NASTY), fc.nat(3)).map(([id, bad, where]) =>
        where === 0 ? id + bad : where === 1 ? bad + id : where === 2 ? ` ${id} ` : id.slice(0, -1) + bad,
      ),
    },
  );
}

export function hostileValue(realIds: readonly string[]): fc.Arbitrary<unknown> {
  const text = hostileString(realIds);
  return fc.oneof(
    { weight: 8, arbitrary: text },
    { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.bigInt().map(String)) },
    { weight: 1, arbitrary: fc.array(text, { maxLength: 4 }) },
    { weight: 1, arbitrary: fc.dictionary(text, text, { maxKeys: 3 }) },
    // An object whose conversion to text throws: error-message builders must not.
    { weight: 1, arbitrary: fc.constant({ toString: 1, valueOf: 1 }) },
  );
}

/** An input object over the app's field names (and a few unknown ones), every value hostile. */
export function hostileObject(fields: readonly string[], realIds: readonly string[], near: readonly string[] = []): fc.Arbitrary<Record<string, unknown>> {
  return fc.dictionary(fieldKey(fields, near), hostileValue(realIds), { maxKeys: 8 });
}

/**
 * A key for a generated input: most often a field the door's own code names (`near`, see
 * doors.ts fieldsNear), else any field the app reads, sometimes a hostile string. Without the
 * weighting a page's one query parameter was one name among ~170 and rarely sent.
 */
export function fieldKey(fields: readonly string[], near: readonly string[] = []): fc.Arbitrary<string> {
  const known = fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...fields) }, { weight: 1, arbitrary: hostileString([]) });
  return near.length === 0 ? known : fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...near) }, { weight: 1, arbitrary: known });
}

/**
 * The seed every property runs with (printed on failure): FUZZ_SEED to replay one; under CI a fixed
 * seed, so a run is reproducible and never red by chance; locally a fresh one, to find new cases.
 */
export function fuzzSeed(): number {
  if (process.env.FUZZ_SEED) return Number(process.env.FUZZ_SEED);
  return process.env.CI === 'true' ? 20261130 : Math.floor(Math.random() * 2 ** 31);
}

/**
 * Generated inputs per door: at least 1,000 in `npm test`. `FUZZ_RUNS` lowers it for a quick local run
 * (or raises it for a deep one); under CI it can only raise it.
 */
const AT_LEAST_PER_DOOR = 1000;
const asked = process.env.FUZZ_RUNS ? Number(process.env.FUZZ_RUNS) : AT_LEAST_PER_DOOR;
export const RUNS_PER_DOOR = process.env.CI === 'true' ? Math.max(AT_LEAST_PER_DOOR, asked) : asked;
