import { z } from 'zod';
import { storableString } from '../validation/text';

/**
 * Small zod pieces that let one schema read both a typed call and an HTML form's values
 * (FormData turns into strings, 'on' for a ticked box, repeated keys for multi-selects).
 */

/** '' and whitespace mean "not given". */
export function optionalText(max: number) {
  return z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
    storableString().trim().max(max).optional(),
  );
}

export function requiredText(max: number, what: string) {
  return z.string({ error: `${what} is required` }).trim().min(1, `${what} is required`).max(max);
}

export const checkbox = z.preprocess(
  (value) => value === true || value === 'on' || value === 'true' || value === '1',
  z.boolean(),
);

/** A list given as an array, or as one string with one item per line (commas also separate). */
export function listOf<T extends z.ZodType>(item: T) {
  return z.preprocess((value) => {
    const items = typeof value === 'string' ? value.split(/[\n,]/) : Array.isArray(value) ? value : value == null ? [] : [value];
    return items.map((entry) => (typeof entry === 'string' ? entry.trim() : entry)).filter((entry) => entry !== '');
  }, z.array(item));
}

/** A day on the calendar: 2025-02-30 has the right shape but names no day (the database would refuse it: a 500, not a 400). */
function isCalendarDay(text: string): boolean {
  const day = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === text;
}

export const localDate = storableString()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD')
  .refine(isCalendarDay, 'not a day on the calendar');

export const optionalLocalDate = z.preprocess(
  (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
  localDate.optional(),
);
