import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * Lookout's server log: one JSON line per event on stdout (pino). What may go in it is decided
 * here, not at each call site: an error is logged as its name, its code (a PostgreSQL SQLSTATE,
 * a Node errno) and its stack frames — never its message, which for a failed query carries the
 * query's parameters (report text, officer details, tokens). Paths are logged without their
 * query string. The redaction list is a second net for anything passed as a field by mistake.
 */
export function createLog(destination?: DestinationStream): Logger {
  return pino(
    {
      level: process.env.LOOKOUT_LOG_LEVEL ?? 'info',
      base: { service: 'lookout' },
      redact: {
        paths: ['password', 'token', 'secret', 'code', 'authorization', 'cookie', 'headers', 'query', 'body', '*.password', '*.token', '*.secret', '*.authorization', '*.cookie', '*.headers'],
        censor: '[redacted]',
      },
    },
    destination,
  );
}

export const log = createLog();

export interface SafeError {
  name: string;
  code?: string;
  /** The id Next.js shows on its error page, to find this entry from a screenshot. */
  digest?: string;
  frames: string[];
  cause?: SafeError;
}

/** An error reduced to what may be logged: name, code and stack frames (see above). */
export function describeError(error: unknown, depth = 0): SafeError {
  if (!(error instanceof Error)) return { name: typeof error, frames: [] };
  const { code, digest } = error as { code?: unknown; digest?: unknown };
  const frames = (error.stack ?? '')
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .map((line) => line.trim())
    .slice(0, 15);
  const cause = error.cause !== undefined && depth < 3 ? describeError(error.cause, depth + 1) : undefined;
  return {
    name: error.constructor?.name && error.constructor.name !== 'Error' ? error.constructor.name : error.name,
    ...(typeof code === 'string' || typeof code === 'number' ? { code: String(code) } : {}),
    ...(typeof digest === 'string' ? { digest } : {}),
    frames,
    ...(cause ? { cause } : {}),
  };
}

/** `/police/x?officer=…` → `/police/x`; a full URL keeps only its path. */
export function pathWithoutQuery(pathOrUrl: string | null | undefined): string | undefined {
  if (!pathOrUrl) return undefined;
  try {
    return new URL(pathOrUrl, 'http://lookout.local').pathname;
  } catch {
    return undefined;
  }
}

/** A request the server could not complete: what failed, where, and nothing the request carried. */
export function logServerError(error: unknown, where: { door: 'page' | 'action' | 'route' | 'auth' | 'render'; path?: string | null }, logger: Logger = log): void {
  logger.error({ door: where.door, path: pathWithoutQuery(where.path), error: describeError(error) }, 'request failed');
}

/**
 * Next.js reports an error thrown while rendering a page with its own `console.error(error)`,
 * message and all. scripts/serve.ts sends console.error through this log instead: errors as
 * name, code, digest and frames; text arguments (Next's own notices) kept, cut to one line.
 */
export function routeConsoleErrorsThroughLog(logger: Logger = log): void {
  console.error = (...args: unknown[]) => {
    const error = args.find((arg) => arg instanceof Error);
    const text = args.filter((arg): arg is string => typeof arg === 'string').join(' ').split('\n')[0]!.slice(0, 200);
    logger.error({ door: 'render', ...(error ? { error: describeError(error) } : {}) }, text || 'server error');
  };
}
