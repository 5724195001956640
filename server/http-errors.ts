import { z } from 'zod';
import { DomainError, type ErrorCode, type FieldErrors } from '@/lib/errors';
import { logServerError } from './log';

/** The one table from a domain error's code to the HTTP status every web door answers with. */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  invalid_input: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  too_many_requests: 429,
  unavailable: 503,
};

export interface HttpFailure {
  status: number;
  error: string;
  fieldErrors?: FieldErrors;
}

/**
 * What a web door answers for a thrown error: a DomainError's own message with its code's status,
 * a schema refusal as 400 with the fields to correct, and anything else as a 500 that reveals
 * nothing (logged here, once).
 */
export function httpFailureOf(error: unknown, where: Parameters<typeof logServerError>[1] = { door: 'route' }): HttpFailure {
  if (error instanceof DomainError) {
    return { status: HTTP_STATUS[error.code], error: error.message, ...(error.fieldErrors ? { fieldErrors: error.fieldErrors } : {}) };
  }
  if (error instanceof z.ZodError) {
    return { status: 400, error: 'Some fields need correcting.', fieldErrors: z.flattenError(error).fieldErrors as FieldErrors };
  }
  logServerError(error, where);
  return { status: 500, error: 'The server could not complete this request; nothing was changed.' };
}
