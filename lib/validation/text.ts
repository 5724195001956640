import { z } from 'zod';

/**
 * The one boundary rule for text that crosses a door (forms, URLs, API bodies): no NUL byte
 * (PostgreSQL refuses it in text, which would surface as a server error), well-formed Unicode (a
 * lone UTF-16 surrogate cannot be stored or encoded either), and a length cap. Ids are also
 * trimmed and printable: no control or invisible formatting characters, so an id shown to a
 * moderator is the id stored. Every zod schema that reads a string builds on these.
 */

/** True when the text can be stored and shown as it is: no NUL, no lone surrogate. */
export function isStorableText(value: string): boolean {
  return !value.includes('\u0000') && value.isWellFormed();
}

const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

export const TEXT_REFUSAL = 'contains a character that cannot be stored (a NUL byte or a broken Unicode sequence)';

/** Free text of at most `max` characters (line breaks and tabs allowed). */
export function safeText(max: number, label = 'text') {
  return z
    .string({ error: `${label}: expected text` })
    .max(max, `${label}: at most ${max} characters`)
    .refine(isStorableText, `${label}: ${TEXT_REFUSAL}`);
}

/** An identifier as a person or a link gives it: trimmed, 1 to `max` printable characters. */
export function opaqueId(max = 64, label = 'id') {
  return z
    .string({ error: `${label}: expected text` })
    .trim()
    .min(1, `${label}: required`)
    .max(max, `${label}: at most ${max} characters`)
    .refine((value) => isStorableText(value) && !UNPRINTABLE.test(value), `${label}: only printable characters`);
}

/**
 * Any input value as it may appear inside an error message. String(value) throws for an object
 * without a usable toString (`{"toString": 1}` from a JSON body), and a message is no place for
 * 70,000 characters either.
 */
export function describeInput(value: unknown, max = 40): string {
  let text: string;
  if (typeof value === 'string') text = value;
  else if (value === null || ['number', 'boolean', 'undefined', 'bigint'].includes(typeof value)) text = String(value);
  else text = Array.isArray(value) ? 'a list' : 'an object';
  const clean = text.toWellFormed().replace(/[\p{Cc}]/gu, '?');
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

/** A string that can be stored (the base of safeText; for schemas that chain their own caps and messages). */
export function storableString(label = 'text') {
  return z.string({ error: `${label}: expected text` }).refine(isStorableText, `${label}: ${TEXT_REFUSAL}`);
}
