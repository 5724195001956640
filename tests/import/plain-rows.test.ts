import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IMPORT_FILES } from '@/lib/import/files';
import { HEADERS, population, type FileName } from './fixtures';

/**
 * The import's fast path may only ever agree with the zod schema: whatever it accepts, the schema
 * accepts with the same staged values. Generated rows mix plain values with the odd ones that sit
 * on either side of each rule (offsets, fractions, leap days, year 0000, long ids, NUL, unknown enums).
 */

const ids = fc.oneof(
  fc.constantFrom('acc-1', 'acc-2', 'a', 'x'.repeat(64), 'x'.repeat(65), '', ' acc-1', 'acc\u00001', 'ü-1'),
  fc.string({ minLength: 0, maxLength: 70 }),
);
const dates = fc.oneof(
  fc.constantFrom('2012-02-29', '2011-02-29', '2000-02-29', '1900-02-29', '0000-01-01', '2023-04-31', '2023-12-31', '2023-13-01', '2023-1-01', ''),
  fc.date({ min: new Date(Date.UTC(1, 0, 1)), max: new Date(Date.UTC(9999, 11, 31)), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
);
const times = fc.oneof(
  fc.constantFrom(
    '2024-05-01T12:30:00Z',
    '2024-05-01T12:30:00+01:00',
    '2024-05-01T12:30:00.5Z',
    '2024-05-01T12:30Z',
    '2024-05-01T24:00:00Z',
    '2024-02-30T00:00:00Z',
    '2024-02-29T23:59:59Z',
    '0000-01-01T00:00:00Z',
    '2024-05-01 12:30:00Z',
    '2024-05-01T12:30:00',
    '',
  ),
  fc.date({ min: new Date(Date.UTC(1, 0, 1)), max: new Date(Date.UTC(9999, 11, 31)), noInvalidDate: true }).map((d) => d.toISOString().replace('.000Z', 'Z')),
);
const counts = fc.oneof(fc.constantFrom('0', '999999999', '1000000000', '2147483647', '2147483648', '-1', '1.5', '', '01'), fc.nat().map(String));
const words = fc.oneof(fc.constantFrom('', 'active', 'deleted', 'minor', 'spam', 'user', 'ACTIVE', 'grooming'), fc.string({ maxLength: 12 }));
const text = fc.oneof(fc.string({ maxLength: 80 }), fc.constantFrom('x'.repeat(256), 'x'.repeat(257), 'two\nlines', 'tab\there', 'nul\u0000'));

const FIELD: Record<string, fc.Arbitrary<string>> = {
  account_id: ids,
  username: ids,
  display_name: text,
  claimed_birthdate: dates,
  created_at: times,
  country: text,
  age_assurance: words,
  device_cluster: ids,
  status: words,
  changed_at: times,
  old_birthdate: dates,
  new_birthdate: dates,
  initiator_id: ids,
  recipient_id: ids,
  first_contact_at: times,
  last_contact_at: times,
  messages_from_initiator: counts,
  messages_from_recipient: counts,
  media_from_initiator: counts,
  media_from_recipient: counts,
  blocker_id: ids,
  blocked_id: ids,
  blocked_at: times,
  report_id: ids,
  reporter_id: ids,
  reported_id: ids,
  category: words,
  description: text,
  source: words,
};

describe.each(IMPORT_FILES.map((file) => [file.name, file] as const))('%s rows', (name, file) => {
  const rows = fc.record(Object.fromEntries(file.columns.map((column) => [column, FIELD[column]!])) as Record<string, fc.Arbitrary<string>>);

  it('the fast path accepts only what the schema accepts, with the same values', () => {
    fc.assert(
      fc.property(rows, (row) => {
        const plain = file.plainRow(row);
        if (plain === null) return;
        const parsed = file.schema.safeParse(row);
        expect(parsed.success).toBe(true);
        expect(plain).toEqual(parsed.data);
      }),
      { numRuns: 3_000 },
    );
  });

  it('takes the fixture rows without asking the schema (the import stays fast)', () => {
    const [header, ...data] = population()[name as FileName];
    expect(header).toEqual(HEADERS[name as FileName]);
    const plainOnes = data.filter((fields) => file.plainRow(Object.fromEntries(header!.map((c, i) => [c, fields[i]!]))) !== null);
    // Only the rows with an offset other than Z (acc-2, acc-4) need the schema.
    expect(plainOnes.length).toBe(name === 'accounts' ? data.length - 2 : data.length);
  });
});
