import pino, { type Logger, type LoggerOptions } from 'pino';

/**
 * Paths that may carry PHI or credentials. Request logs carry method, route and status only, but
 * anything logged with an object goes through this list too.
 */
export const REDACT_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-test-user-id"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.email',
  '*.phone',
  '*.dateOfBirth',
  'ssn',
  '*.ssn',
  '*.legalFirstName',
  '*.legalLastName',
  '*.preferredName',
  '*.body',
  '*.params',
  '*.query',
];

export function loggerOptions(level: LoggerOptions['level']): LoggerOptions {
  return {
    level: level ?? 'info',
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: {
      // The URL's query string can hold a client's name (search); log the path only.
      req: (req: { method: string; url: string; id: string; routeOptions?: { url?: string } }) => ({
        id: req.id,
        method: req.method,
        route: req.routeOptions?.url,
        path: req.url.split('?')[0],
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      err: (err: Error & { code?: unknown }) => ({
        type: err.name,
        code: typeof err.code === 'string' ? err.code : undefined,
        // Database errors embed the failed query and its parameters in the message and cause,
        // which can be PHI: log the class and SQLSTATE, never the text.
        causeCode: (err.cause as { code?: unknown } | undefined)?.code,
        stack: err.name === 'DrizzleQueryError' ? undefined : err.stack,
      }),
    },
  };
}

export function createLogger(level: LoggerOptions['level']): Logger {
  return pino(loggerOptions(level));
}
