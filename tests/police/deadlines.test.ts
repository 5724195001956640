import { describe, expect, it } from 'vitest';
import { localDate } from '@/lib/police/form-values';
import { transparencySchema } from '@/lib/police/transparency';
import {
  addLocalDays,
  computeDueAt,
  endOfLocalDay,
  formatInZone,
  isTimeZone,
  parseInstant,
  rangeBounds,
  startOfLocalDay,
} from '@/lib/police/deadlines';

const iso = (date: Date | null) => date?.toISOString();

describe('a due date on the document ends at local end of day', () => {
  it.each([
    // Europe/London: clocks go forward on 30 March 2025, back on 26 October 2025.
    ['Europe/London', '2025-03-29', '2025-03-29T23:59:59.999Z'],
    ['Europe/London', '2025-03-30', '2025-03-30T22:59:59.999Z'],
    ['Europe/London', '2025-10-25', '2025-10-25T22:59:59.999Z'],
    ['Europe/London', '2025-10-26', '2025-10-26T23:59:59.999Z'],
    // America/New_York: forward on 9 March 2025, back on 2 November 2025.
    ['America/New_York', '2025-03-08', '2025-03-09T04:59:59.999Z'],
    ['America/New_York', '2025-03-09', '2025-03-10T03:59:59.999Z'],
    ['America/New_York', '2025-11-01', '2025-11-02T03:59:59.999Z'],
    ['America/New_York', '2025-11-02', '2025-11-03T04:59:59.999Z'],
  ])('%s %s → %s', (zone, date, expected) => {
    expect(iso(endOfLocalDay(date, zone))).toBe(expected);
    expect(iso(computeDueAt({ type: 'court_order', receivedAt: new Date('2025-01-01T00:00:00Z'), timeZone: zone, documentDueDate: date }))).toBe(expected);
  });

  it('a change-over day is 23 or 25 hours long', () => {
    const hours = (date: string, zone: string) => (endOfLocalDay(date, zone).getTime() + 1 - startOfLocalDay(date, zone).getTime()) / 3_600_000;
    expect(hours('2025-03-30', 'Europe/London')).toBe(23);
    expect(hours('2025-10-26', 'Europe/London')).toBe(25);
    expect(hours('2025-03-09', 'America/New_York')).toBe(23);
    expect(hours('2025-11-02', 'America/New_York')).toBe(25);
    expect(hours('2025-06-01', 'America/New_York')).toBe(24);
  });

  it('the same local date is a different instant in each jurisdiction', () => {
    expect(endOfLocalDay('2025-03-30', 'Australia/Sydney') < endOfLocalDay('2025-03-30', 'Europe/London')).toBe(true);
    expect(iso(endOfLocalDay('2025-03-30', 'Asia/Kolkata'))).toBe('2025-03-30T18:29:59.999Z');
  });
});

describe('type-derived deadlines', () => {
  it('preservation: 90 local days, same wall-clock time across a DST change', () => {
    // 10:00 GMT in January → 10:00 BST in April, which is 09:00 UTC.
    expect(iso(computeDueAt({ type: 'preservation', receivedAt: new Date('2025-01-15T10:00:00Z'), timeZone: 'Europe/London' }))).toBe(
      '2025-04-15T09:00:00.000Z',
    );
    // 10:00 EDT in September → 10:00 EST at the end of November, which is 15:00 UTC.
    expect(iso(computeDueAt({ type: 'preservation', receivedAt: new Date('2025-09-01T14:00:00Z'), timeZone: 'America/New_York' }))).toBe(
      '2025-11-30T15:00:00.000Z',
    );
    expect(iso(addLocalDays(new Date('2025-04-15T09:00:00Z'), 90, 'Europe/London'))).toBe('2025-07-14T09:00:00.000Z');
  });

  it('emergency: 24 hours of real time, even across the spring-forward night', () => {
    const receivedAt = new Date('2025-03-30T00:30:00Z'); // 00:30 GMT, an hour before clocks go forward
    expect(iso(computeDueAt({ type: 'emergency_disclosure', receivedAt, timeZone: 'Europe/London' }))).toBe('2025-03-31T00:30:00.000Z');
    expect(formatInZone(new Date('2025-03-31T00:30:00Z'), 'Europe/London')).toBe('2025-03-31 01:30 BST');
  });

  it('emergency: an earlier date on the document wins', () => {
    const receivedAt = new Date('2025-03-30T00:30:00Z');
    expect(iso(computeDueAt({ type: 'emergency_disclosure', receivedAt, timeZone: 'Europe/London', documentDueDate: '2025-03-30' }))).toBe(
      '2025-03-30T22:59:59.999Z',
    );
    expect(iso(computeDueAt({ type: 'emergency_disclosure', receivedAt, timeZone: 'Europe/London', documentDueDate: '2025-04-02' }))).toBe(
      '2025-03-31T00:30:00.000Z',
    );
  });

  it('other types without a date on the document have no deadline', () => {
    expect(computeDueAt({ type: 'subpoena', receivedAt: new Date(), timeZone: 'America/New_York' })).toBeNull();
  });
});

describe('reading times and ranges in the jurisdiction', () => {
  it('a local date-time is read in the zone; an ISO time with offset as given', () => {
    expect(iso(parseInstant('2025-03-30T09:15', 'Europe/London'))).toBe('2025-03-30T08:15:00.000Z');
    expect(iso(parseInstant('2025-03-29T09:15', 'Europe/London'))).toBe('2025-03-29T09:15:00.000Z');
    expect(iso(parseInstant('2025-11-02T12:00', 'America/New_York'))).toBe('2025-11-02T17:00:00.000Z');
    expect(iso(parseInstant('2025-11-02T12:00:00-04:00', 'Europe/London'))).toBe('2025-11-02T16:00:00.000Z');
    expect(parseInstant('yesterday', 'Europe/London')).toBeNull();
    expect(parseInstant('2025-11-02', 'Europe/London')).toBeNull();
  });

  it('an inclusive date range becomes [first local midnight, midnight after the last day)', () => {
    const { from, to } = rangeBounds('2025-03-09', '2025-03-09', 'America/New_York');
    expect(iso(from)).toBe('2025-03-09T05:00:00.000Z');
    expect(iso(to)).toBe('2025-03-10T04:00:00.000Z');
    const autumn = rangeBounds('2025-10-01', '2025-10-26', 'Europe/London');
    expect(iso(autumn.from)).toBe('2025-09-30T23:00:00.000Z');
    expect(iso(autumn.to)).toBe('2025-10-27T00:00:00.000Z');
  });

  it('knows IANA zones', () => {
    expect(isTimeZone('Europe/London')).toBe(true);
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isTimeZone('')).toBe(false);
  });
});

describe('local dates from forms and links', () => {
  it('a date of the right shape that names no day is refused, not sent to the database', () => {
    expect(localDate.safeParse('2024-02-29').success).toBe(true);
    for (const bad of ['2026-02-30', '2025-02-29', '2025-04-31', '2025-13-01', '2025-00-10']) expect(localDate.safeParse(bad).success, bad).toBe(false);
    expect(transparencySchema.safeParse({ from: '2026-02-30' }).success).toBe(false);
  });
});
