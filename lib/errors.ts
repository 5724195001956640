/**
 * The one error vocabulary of Lookout's domain. A lib function throws a DomainError before
 * changing anything, or inside its transaction so the change rolls back. Its message is shown to
 * the person as is, so it names what was wrong and reveals nothing else. Each door (pages,
 * server actions, route handlers, the ingest API, the CLI) maps the code to its own answer in
 * one table: server/http-errors.ts for the web.
 */
export type ErrorCode =
  | 'invalid_input'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'too_many_requests'
  | 'payload_too_large'
  | 'unavailable';

export type FieldErrors = Record<string, string[] | undefined>;

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fieldErrors?: FieldErrors,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** "<what> was not found." */
export function notFound(what: string): DomainError {
  return new DomainError('not_found', `${what} was not found.`);
}
