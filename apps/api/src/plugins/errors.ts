import {
  ERROR_STATUS,
  ERROR_TITLES,
  PROBLEM_CONTENT_TYPE,
  type ErrorCode,
  type FieldError,
  type ScheduleConflict,
  type Problem,
} from '@mentalspace/contracts';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError } from '../app-error';
import { isDatabaseUnavailable } from './database-errors';

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'validation_failed',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'validation_failed',
  FST_ERR_CTP_INVALID_JSON_BODY: 'validation_failed',
  FST_ERR_VALIDATION: 'validation_failed',
  FST_ERR_RATE_LIMITED: 'rate_limited',
};

const VALIDATION_CONTEXT: Record<string, string> = {
  querystring: 'query',
  body: 'body',
  params: 'params',
  headers: 'headers',
};

export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  code: ErrorCode,
  detail?: string,
  errors?: FieldError[],
  conflict?: ScheduleConflict,
) {
  const problem: Problem = {
    type: `https://mentalspace.dev/problems/${code.replaceAll('_', '-')}`,
    title: ERROR_TITLES[code],
    status: ERROR_STATUS[code],
    code,
    ...(detail ? { detail } : {}),
    instance: request.url.split('?')[0],
    requestId: request.id,
    ...(errors && errors.length > 0 ? { errors } : {}),
    ...(conflict ? { conflict } : {}),
  };
  return reply.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(problem);
}

function toAppError(error: FastifyError): AppError {
  if (error instanceof AppError) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = VALIDATION_CONTEXT[error.validationContext ?? ''] ?? error.validationContext ?? 'request';
    const fieldErrors = error.validation.flatMap((v) => {
      const path = v.instancePath.split('/').filter(Boolean);
      const prefix = [where, ...path].join('.');
      // Unknown fields are refused one by one, so the caller sees each name it must drop.
      const unknownKeys =
        v.keyword === 'unrecognized_keys' ? (v.params as { keys?: string[] }).keys : undefined;
      if (unknownKeys?.length)
        return unknownKeys.map((key) => ({ field: `${prefix}.${key}`, message: 'is not a known field' }));
      return [{ field: prefix, message: v.message ?? 'is invalid' }];
    });
    return new AppError('validation_failed', fieldErrors.map((f) => `${f.field} ${f.message}`).join('; '), {
      fieldErrors,
    });
  }
  const mapped = error.code ? FASTIFY_CODES[error.code] : undefined;
  if (mapped) return new AppError(mapped, mapped === 'validation_failed' ? error.message : undefined);
  if (isDatabaseUnavailable(error))
    return new AppError('service_unavailable', 'The database is not reachable');
  if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
    const byStatus = (Object.keys(ERROR_STATUS) as ErrorCode[]).find(
      (c) => ERROR_STATUS[c] === error.statusCode,
    );
    return new AppError(byStatus ?? 'validation_failed');
  }
  return new AppError('internal_error', undefined, { cause: error });
}

/** The only place where errors become responses: RFC 9457 problem+json with a stable code. */
export const errorsPlugin = fp(
  (app: FastifyInstance) => {
    app.setErrorHandler((error: FastifyError, request, reply) => {
      const appError = toAppError(error);
      if (appError.status >= 500) {
        request.log.error({ err: error }, 'request failed');
      }
      return sendProblem(
        request,
        reply,
        appError.code,
        appError.detail,
        appError.fieldErrors,
        appError.conflict,
      );
    });
    app.setNotFoundHandler((request, reply) =>
      sendProblem(
        request,
        reply,
        'route_not_found',
        `No endpoint ${request.method} ${request.url.split('?')[0]}`,
      ),
    );
  },
  { name: 'errors' },
);
