import { TZDate } from '@date-fns/tz';
import { addDays, addHours, endOfDay } from 'date-fns';
import type { RequestType } from './contract';

/**
 * Deadlines and date ranges. Everything is stored as UTC instants; a date printed on a police
 * document is a local date in the request's jurisdiction, so it is read in that IANA zone.
 * Calendar arithmetic ("90 days") runs on the local wall clock, so a preservation period that
 * crosses a daylight-saving change still ends at the same local time of day.
 */

/** An emergency disclosure request is answered within hours, not days. */
export const EMERGENCY_RESPONSE_HOURS = 24;
/** 18 U.S.C. 2703(f)(2): preserved for 90 days, extended once by another 90 on renewal. */
export const PRESERVATION_DAYS = 90;
export const PRESERVATION_EXTENSION_DAYS = 90;

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone.length > 0;
  } catch {
    return false;
  }
}

function dateParts(localDate: string): [number, number, number] {
  const match = LOCAL_DATE.exec(localDate);
  if (!match) throw new Error(`not a YYYY-MM-DD date: ${localDate}`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

/** The first instant of a local calendar day in a zone. */
export function startOfLocalDay(localDate: string, timeZone: string): Date {
  const [year, month, day] = dateParts(localDate);
  return new Date(new TZDate(year, month - 1, day, timeZone).getTime());
}

/** The last millisecond of a local calendar day in a zone: "due on 30 March" means by its end there. */
export function endOfLocalDay(localDate: string, timeZone: string): Date {
  const [year, month, day] = dateParts(localDate);
  return new Date(endOfDay(new TZDate(year, month - 1, day, timeZone)).getTime());
}

/** Adds calendar days on the zone's wall clock (same local time of day, whatever DST did). */
export function addLocalDays(instant: Date, days: number, timeZone: string): Date {
  return new Date(addDays(new TZDate(instant.getTime(), timeZone), days).getTime());
}

/**
 * Reads a form's time: an ISO time with offset or `Z` is taken as is; a local date-time
 * (`2025-03-30T09:15`, as an <input type="datetime-local"> sends it) is read in the zone.
 */
export function parseInstant(text: string, timeZone: string): Date | null {
  const local = LOCAL_DATE_TIME.exec(text.trim());
  if (local) {
    const [, y, mo, d, h, mi, s] = local;
    return new Date(
      new TZDate(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0), timeZone).getTime(),
    );
  }
  if (!/(Z|[+-]\d{2}:?\d{2})$/i.test(text.trim())) return null;
  const instant = new Date(text);
  return Number.isNaN(instant.getTime()) ? null : instant;
}

/** A request's inclusive local date range as a half-open instant range [from, to). */
export function rangeBounds(rangeFrom: string, rangeTo: string, timeZone: string): { from: Date; to: Date } {
  const [year, month, day] = dateParts(rangeTo);
  const dayAfter = new Date(addDays(new TZDate(year, month - 1, day, timeZone), 1).getTime());
  return { from: startOfLocalDay(rangeFrom, timeZone), to: dayAfter };
}

export interface DeadlineInput {
  type: RequestType;
  receivedAt: Date;
  timeZone: string;
  /** The due date printed on the document, a local date in timeZone. */
  documentDueDate?: string | null;
}

/**
 * When the request must be answered:
 * - emergency disclosure: EMERGENCY_RESPONSE_HOURS after receipt, or the document's date if earlier;
 * - preservation: PRESERVATION_DAYS after receipt (the hold's end; extending the hold moves it);
 * - every other type: the end of the document's due date in the jurisdiction's zone, or none.
 */
export function computeDueAt({ type, receivedAt, timeZone, documentDueDate }: DeadlineInput): Date | null {
  const documentDue = documentDueDate ? endOfLocalDay(documentDueDate, timeZone) : null;
  if (type === 'emergency_disclosure') {
    const byHours = addHours(receivedAt, EMERGENCY_RESPONSE_HOURS);
    return documentDue && documentDue < byHours ? documentDue : byHours;
  }
  if (type === 'preservation') return addLocalDays(receivedAt, PRESERVATION_DAYS, timeZone);
  return documentDue;
}

/** Formats an instant on the zone's wall clock, e.g. "2025-03-30 23:59 BST". */
export function formatInZone(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')} ${part('timeZoneName')}`;
}
