import { InputError } from '../errors';

/**
 * Errors a liaison can act on: the message says what was wrong, and nothing was changed.
 * An InputError, so the web guards show the message; `status` tells 400 from 404 and 409.
 */
export class PoliceError extends InputError {
  constructor(
    message: string,
    readonly status: 400 | 404 | 409 = 400,
  ) {
    super(message);
    this.name = 'PoliceError';
  }
}

export class NotFoundError extends PoliceError {
  constructor(what: string, id: string) {
    super(`${what} ${id} not found`, 404);
    this.name = 'NotFoundError';
  }
}

/** A workflow step the request's current status does not allow. */
export class IllegalTransitionError extends PoliceError {
  constructor(
    readonly from: string,
    readonly to: string,
    detail: string,
  ) {
    super(`cannot move a request from ${from} to ${to}: ${detail}`, 409);
    this.name = 'IllegalTransitionError';
  }
}

/** The person who prepared a disclosure package tried to release it. */
export class FourEyesError extends PoliceError {
  constructor() {
    super('you prepared this package: a second liaison or admin must release it (four-eyes rule)', 409);
    this.name = 'FourEyesError';
  }
}
