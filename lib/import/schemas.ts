import { z } from 'zod';
import {
  ACCOUNT_STATUS,
  AGE_ASSURANCE,
  COUNTRY_MAX,
  DESCRIPTION_MAX,
  DISPLAY_NAME_MAX,
  ID_MAX,
  REPORT_CATEGORIES,
  REPORT_SOURCES,
  USERNAME_MAX,
} from '../platform/contract';
import { describeInput, storableString } from '../validation/text';

/**
 * One zod schema per import file (contract v1). Each takes a row as read — every field a
 * string, keyed by column — and gives back the strings to stage: unchanged, or null where an
 * optional field is empty. Types are converted by PostgreSQL when staging is upserted, so what
 * passes here must be exactly what PostgreSQL accepts. The first issue's path names the column.
 */

const INT4_MAX = 2_147_483_647;

const required = storableString().min(1, 'required');

function text(max: number) {
  return storableString().max(max, `longer than ${max} characters`);
}

const id = required.max(ID_MAX, `longer than ${ID_MAX} characters`);
const optionalId = text(ID_MAX).transform(emptyToNull);

// zod's ISO patterns accept year 0000, which PostgreSQL (and the calendar) has not.
const notYearZero = (value: string) => !value.startsWith('0000');

const date = z.iso
  .date({ error: 'not a real date in the form YYYY-MM-DD' })
  .refine(notYearZero, 'year 0000 does not exist');
const optionalDate = z.union([z.literal('').transform(() => null), date], {
  error: 'not a real date in the form YYYY-MM-DD',
});

const time = required.pipe(
  z.iso
    .datetime({ offset: true, error: 'not an ISO 8601 time with offset, e.g. 2024-05-01T12:30:00Z' })
    .refine(notYearZero, 'year 0000 does not exist'),
);

const count = required
  .regex(/^\d+$/, 'not a whole number ≥ 0')
  .refine((value) => Number(value) <= INT4_MAX, `larger than ${INT4_MAX}`);

function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, {
    error: (issue) =>
      issue.input === '' ? 'required' : `unknown value "${describeInput(issue.input)}" (expected ${values.join(' | ')})`,
  });
}

function emptyToNull(value: string): string | null {
  return value === '' ? null : value;
}

export const accountRow = z.object({
  account_id: id,
  username: required.max(USERNAME_MAX, `longer than ${USERNAME_MAX} characters`),
  display_name: text(DISPLAY_NAME_MAX),
  claimed_birthdate: optionalDate,
  created_at: time,
  country: text(COUNTRY_MAX),
  age_assurance: oneOf(AGE_ASSURANCE),
  device_cluster: optionalId,
  status: oneOf(ACCOUNT_STATUS),
});

export const birthdateChangeRow = z.object({
  account_id: id,
  changed_at: time,
  old_birthdate: optionalDate,
  new_birthdate: optionalDate,
});

export const contactRow = z
  .object({
    initiator_id: id,
    recipient_id: id,
    first_contact_at: time,
    last_contact_at: time,
    messages_from_initiator: count,
    messages_from_recipient: count,
    media_from_initiator: count,
    media_from_recipient: count,
  })
  .superRefine((row, ctx) => {
    if (row.initiator_id === row.recipient_id) {
      ctx.addIssue({ code: 'custom', path: ['recipient_id'], message: 'same account as initiator_id' });
    } else if (Date.parse(row.last_contact_at) < Date.parse(row.first_contact_at)) {
      ctx.addIssue({ code: 'custom', path: ['last_contact_at'], message: 'earlier than first_contact_at' });
    }
  });

export const blockRow = z
  .object({
    blocker_id: id,
    blocked_id: id,
    blocked_at: time,
  })
  .superRefine((row, ctx) => {
    if (row.blocker_id === row.blocked_id) {
      ctx.addIssue({ code: 'custom', path: ['blocked_id'], message: 'same account as blocker_id' });
    }
  });

export const reportRow = z.object({
  report_id: id,
  reporter_id: optionalId,
  reported_id: id,
  category: oneOf(REPORT_CATEGORIES),
  description: text(DESCRIPTION_MAX),
  created_at: time,
  source: oneOf(REPORT_SOURCES),
});

/** A validated row, ready to stage: column → string, or null for an empty optional field. */
export type StagedRow = Record<string, string | null>;
