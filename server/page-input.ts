import { notFound } from 'next/navigation';
import type { z } from 'zod';
import { DomainError } from '@/lib/errors';

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
 * What a page loads from its URL. Input the lib refuses there — an unknown id, a damaged page
 * cursor in a hand-edited link — is a page that does not exist; anything else is a real failure.
 */
export async function loadOrNotFound<T>(load: Promise<T>): Promise<T> {
  try {
    return await load;
  } catch (error) {
    if (error instanceof DomainError && (error.code === 'invalid_input' || error.code === 'not_found')) notFound();
    throw error;
  }
}
