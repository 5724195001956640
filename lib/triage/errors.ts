/** A refusal the caller can show as it is: nothing was written. `status` maps it onto HTTP. */
export class TriageError extends Error {
  constructor(
    readonly status: 400 | 404 | 409 | 429,
    message: string,
  ) {
    super(message);
    this.name = 'TriageError';
  }
}

/** Someone acted on the item after the caller loaded it. */
export class StaleWriteError extends TriageError {
  constructor(message: string) {
    super(409, message);
    this.name = 'StaleWriteError';
  }
}

export function notFound(what: string): TriageError {
  return new TriageError(404, `${what} was not found.`);
}
