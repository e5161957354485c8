import { z } from 'zod';

/**
 * Every error the API can answer with. The code is stable (clients and tests match on it); the
 * status is fixed per code, so one table turns any AppError into a problem+json response.
 */
export const ERROR_STATUS = {
  validation_failed: 400,
  malformed_request: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  access_expired: 401,
  session_expired: 401,
  mfa_failed: 401,
  csrf_failed: 403,
  reauthentication_required: 403,
  forbidden: 403,
  not_found: 404,
  route_not_found: 404,
  method_not_allowed: 405,
  request_timeout: 408,
  conflict: 409,
  appointment_conflict: 409,
  offer_unavailable: 409,
  link_unavailable: 409,
  note_signed: 409,
  version_conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  request_headers_too_large: 431,
  internal_error: 500,
  service_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export const ERROR_TITLES: Record<ErrorCode, string> = {
  validation_failed: 'The request is not valid',
  malformed_request: 'The request could not be read',
  unauthenticated: 'Sign-in required',
  invalid_credentials: 'The e-mail or password is not right',
  access_expired: 'Access token expired; refresh the session',
  session_expired: 'Your session has ended; sign in again',
  mfa_failed: 'That code did not work',
  csrf_failed: 'The request could not be verified; reload the page',
  reauthentication_required: 'Confirm your password to continue',
  forbidden: 'Not allowed',
  not_found: 'Not found',
  route_not_found: 'No such endpoint',
  method_not_allowed: 'Method not allowed',
  request_timeout: 'The request took too long to arrive',
  conflict: 'Conflict with the current state',
  appointment_conflict: 'The time slot is already booked',
  offer_unavailable: 'This opening is no longer available',
  link_unavailable: 'This link was already used or has expired',
  note_signed: 'The note is signed; add an addendum instead',
  version_conflict: 'Someone else changed this since you opened it',
  payload_too_large: 'The request body is too large',
  unsupported_media_type: 'Unsupported content type',
  rate_limited: 'Too many requests',
  request_headers_too_large: 'The request headers are too large',
  internal_error: 'Something went wrong on our side',
  service_unavailable: 'Temporarily unavailable',
};

export const ErrorCodeSchema = z.enum(Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]]);

export const FieldErrorSchema = z.object({
  /** Dotted path of the offending field, prefixed by where it was sent: `query.limit`, `body.email`. */
  field: z.string(),
  message: z.string(),
});
export type FieldError = z.infer<typeof FieldErrorSchema>;

/** RFC 9457 problem details, with our stable `code` and the request id for support. */
export const ProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  code: ErrorCodeSchema,
  detail: z.string().optional(),
  instance: z.string().optional(),
  requestId: z.string().optional(),
  errors: z.array(FieldErrorSchema).optional(),
  /** For appointment_conflict: the slot that is taken (never whose it is). */
  conflict: z
    .object({
      resource: z.enum(['clinician', 'room']),
      startsAt: z.iso.datetime(),
      endsAt: z.iso.datetime(),
    })
    .optional(),
});
export type ScheduleConflict = NonNullable<z.infer<typeof ProblemSchema>['conflict']>;
export type Problem = z.infer<typeof ProblemSchema>;

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
