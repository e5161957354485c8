import { ERROR_STATUS, type ErrorCode, type FieldError, type ScheduleConflict } from '@mentalspace/contracts';

/**
 * The one error type of the API. Throw it with a stable code; the error plugin turns it into
 * problem+json. `detail` must never contain PHI: it is sent to the caller and may be logged.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly detail: string | undefined;
  readonly fieldErrors: FieldError[] | undefined;
  readonly conflict: ScheduleConflict | undefined;

  constructor(
    code: ErrorCode,
    detail?: string,
    options?: { fieldErrors?: FieldError[]; conflict?: ScheduleConflict; cause?: unknown },
  ) {
    super(detail ?? code, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = ERROR_STATUS[code];
    this.detail = detail;
    this.fieldErrors = options?.fieldErrors;
    this.conflict = options?.conflict;
  }
}

export const notFound = (what: string) => new AppError('not_found', `${what} was not found`);
