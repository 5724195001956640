/**
 * Bad input a person can fix (unknown email, a rule the data breaks). Its message is shown to
 * them as is, so it must name what was wrong and reveal nothing else. Throw it before changing
 * anything, or inside the transaction so the change rolls back.
 */
export class InputError extends Error {
  /** How the web doors answer it: bad input by default; subclasses say not found, conflict, too many. */
  readonly status: 400 | 404 | 409 | 429 = 400;

  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}
