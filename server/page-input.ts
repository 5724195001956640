import { forbidden, notFound } from 'next/navigation';
import type { z } from 'zod';
import { DomainError } from '@/lib/errors';
import { HTTP_STATUS } from './http-errors';

/**
 * A dynamic route segment, decoded and checked against the schema of what it names. A malformed
 * one (a bad %-escape, not a uuid, too long) is a page that does not exist: 404, not a server error.
 */
export function routeSegment<T>(raw: string, schema: z.ZodType<T>): T {
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    notFound();
  }
  const parsed = schema.safeParse(decoded);
  if (!parsed.success) notFound();
  return parsed.data;
}

/**
 * What a page loads from its URL, with the pages' reading of the one status table
 * (server/http-errors.ts): input the lib refuses there — an unknown id, a damaged page cursor in a
 * hand-edited link — is a page that does not exist (404), a refusal is the 403 page; anything
 * else is a real failure.
 */
export async function loadOrNotFound<T>(load: Promise<T>): Promise<T> {
  try {
    return await load;
  } catch (error) {
    if (error instanceof DomainError) {
      const status = HTTP_STATUS[error.code];
      if (status === 401 || status === 403) forbidden();
      if (status === 400 || status === 404) notFound();
    }
    throw error;
  }
}
