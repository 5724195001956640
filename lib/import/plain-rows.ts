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
import { isStorableText } from '../validation/text';
import type { StagedRow } from './schemas';

/**
 * The fast path of row validation. Nearly every row of a platform export is in the plainest form
 * the contract allows (UTC times without fractions, short ids, known enum values), and checking
 * that directly is several times cheaper than a zod parse, which was a third of an import's time.
 *
 * A plain check only ever says "valid, stage these values" or "not sure": it accepts a strict subset
 * of what the file's zod schema accepts, with the same staged values (tests/import/plain-rows.test.ts
 * checks this against the schemas). Every row it is not sure of goes to the zod schema, which stays
 * the one authority on what a row may be and what its error says.
 */
export type PlainRowCheck = (input: Record<string, string>) => StagedRow | null;

type FieldCheck = (value: string) => boolean;

const textUpTo = (max: number): FieldCheck => (value) => value.length <= max && isStorableText(value);
const requiredUpTo = (max: number): FieldCheck => (value) => value.length >= 1 && value.length <= max && isStorableText(value);
const oneOf = (values: readonly string[]): FieldCheck => {
  const known = new Set(values);
  return (value) => known.has(value);
};
// Nine digits are always below the int4 limit the schema checks.
const count: FieldCheck = (value) => /^\d{1,9}$/.test(value);

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const UTC_TIME = /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):[0-5]\d:[0-5]\dZ$/;

function realDate(year: number, month: number, day: number): boolean {
  if (year === 0 || month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  return day <= days;
}

const date: FieldCheck = (value) => {
  const match = DATE.exec(value);
  return match !== null && realDate(Number(match[1]), Number(match[2]), Number(match[3]));
};
/** UTC, whole seconds: such times also compare correctly as strings (used by the row rules below). */
const utcTime: FieldCheck = (value) => {
  const match = UTC_TIME.exec(value);
  return match !== null && realDate(Number(match[1]), Number(match[2]), Number(match[3]));
};

interface Column {
  check: FieldCheck;
  /** An empty value is stored as NULL (the schema's optional ids and dates). */
  emptyIsNull?: boolean;
}

const id: Column = { check: requiredUpTo(ID_MAX) };
const optionalId: Column = { check: textUpTo(ID_MAX), emptyIsNull: true };
const optionalDate: Column = { check: (value) => value === '' || date(value), emptyIsNull: true };
const time: Column = { check: utcTime };
const counter: Column = { check: count };

function plainRows(columns: Record<string, Column>, rowRule: (row: Record<string, string>) => boolean = () => true): PlainRowCheck {
  const entries = Object.entries(columns);
  return (input) => {
    const row: StagedRow = {};
    for (const [name, column] of entries) {
      const value = input[name]!;
      if (!column.check(value)) return null;
      row[name] = column.emptyIsNull && value === '' ? null : value;
    }
    return rowRule(input) ? row : null;
  };
}

/** Per import file: its plain check (keys are the file names of lib/import/files.ts). */
export const PLAIN_ROWS = {
  accounts: plainRows({
    account_id: id,
    username: { check: requiredUpTo(USERNAME_MAX) },
    display_name: { check: textUpTo(DISPLAY_NAME_MAX) },
    claimed_birthdate: optionalDate,
    created_at: time,
    country: { check: textUpTo(COUNTRY_MAX) },
    age_assurance: { check: oneOf(AGE_ASSURANCE) },
    device_cluster: optionalId,
    status: { check: oneOf(ACCOUNT_STATUS) },
  }),
  birthdate_changes: plainRows({ account_id: id, changed_at: time, old_birthdate: optionalDate, new_birthdate: optionalDate }),
  contacts: plainRows(
    {
      initiator_id: id,
      recipient_id: id,
      first_contact_at: time,
      last_contact_at: time,
      messages_from_initiator: counter,
      messages_from_recipient: counter,
      media_from_initiator: counter,
      media_from_recipient: counter,
    },
    (row) => row.initiator_id !== row.recipient_id && row.last_contact_at! >= row.first_contact_at!,
  ),
  blocks: plainRows({ blocker_id: id, blocked_id: id, blocked_at: time }, (row) => row.blocker_id !== row.blocked_id),
  reports: plainRows({
    report_id: id,
    reporter_id: optionalId,
    reported_id: id,
    category: { check: oneOf(REPORT_CATEGORIES) },
    description: { check: textUpTo(DESCRIPTION_MAX) },
    created_at: time,
    source: { check: oneOf(REPORT_SOURCES) },
  }),
} satisfies Record<string, PlainRowCheck>;
