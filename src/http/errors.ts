import { TapError } from '../errors.js';

/** 401/403 before the token worked anywhere in this run: retrying cannot help, nothing else will work. */
export class AuthError extends TapError {
  override readonly name = 'AuthError';
  override readonly endsRun = true;
}

/**
 * 401/403/404 on one route after the token worked on another in this run: the account cannot read
 * this route (most often a module it has not contracted). Only the streams read from it are lost.
 */
export class RouteDeniedError extends TapError {
  override readonly name = 'RouteDeniedError';
  constructor(
    message: string,
    readonly status: number,
    readonly path: string,
    /** The server's message, redacted (a reader may tell "route missing" from "no rows" by it). */
    readonly serverMessage = '',
  ) {
    super(message);
  }
}

/** 400 and other 4xx: the request itself is wrong; carries the server's message. */
export class BadRequestError extends TapError {
  override readonly name = 'BadRequestError';
  constructor(
    message: string,
    readonly status: number,
    readonly serverMessage: string,
  ) {
    super(message);
  }
}

/** 500 "An error has occurred.": Movidesk's answer to a query it finds too heavy. Callers shrink it. */
export class HeavyQueryError extends TapError {
  override readonly name = 'HeavyQueryError';
}

/** Network errors, timeouts, 5xx and 429 that outlasted every retry. */
export class TransientError extends TapError {
  override readonly name = 'TransientError';
}

/** A 2xx whose body is not the JSON the API promises (truncated, HTML, wrong shape). */
export class InvalidResponseError extends TapError {
  override readonly name = 'InvalidResponseError';
}

/**
 * base_url does not lead to a Movidesk API: unknown host, refused connection, TLS failure, a redirect, or
 * a first answer that is not Movidesk's (an HTML page). Retrying cannot help; the message says what to fix.
 */
export class EndpointError extends TapError {
  override readonly name = 'EndpointError';
  /** Raised only before Movidesk answered anything in this run: no other stream would fare better. */
  override readonly endsRun = true;
}
