/**
 * Whether an error means "the database cannot be reached right now" (down, restarting, refusing
 * connections, the connection dropped mid-query) rather than a fault in the request or the code.
 * Such a request can be retried unchanged: the doors answer 503 with Retry-After (the ingest API)
 * or a "database unavailable" page, never an empty 500.
 */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
// SQLSTATE class 08 (connection exception), 57P01-57P03 (admin/crash shutdown, cannot connect now), 53300 (too many connections).
const SQLSTATE = /^(08...|57P0[123]|53300)$/;
const MESSAGES = /connection terminated|terminating connection|connection timeout|timeout exceeded when trying to connect|the database system is (starting up|shutting down|in recovery)|client has encountered a connection error|cannot use a pool after calling end/i;

export const RETRY_AFTER_SECONDS = 5;

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    const { code, message } = current as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (NETWORK_CODES.has(code) || SQLSTATE.test(code))) return true;
    if (typeof message === 'string' && MESSAGES.test(message)) return true;
    if (current instanceof AggregateError && current.errors.some(isDatabaseUnavailable)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
