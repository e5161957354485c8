import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../app-error';
import {
  ACCESS_COOKIE,
  CSRF_COOKIE,
  CSRF_HEADER,
  PENDING_COOKIE,
  PORTAL_PENDING_COOKIE,
  REFRESH_COOKIE,
} from '../modules/auth/cookies';
import type { CsrfTokens } from '../modules/auth/csrf';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Require the CSRF token even without a session cookie (sign-in: against login CSRF). */
    csrf?: 'always';
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Every state-changing request that a browser authenticates with our cookies must echo the CSRF
 * cookie in the `x-csrf-token` header. Runs before authentication so that a forged request
 * learns nothing and changes nothing. API clients that send the access token as a bearer header
 * and no cookie are exempt: a browser never attaches that header on its own.
 */
export const csrfPlugin = fp(
  (app: FastifyInstance, { csrf }: { csrf: CsrfTokens }) => {
    app.addHook('onRequest', async (request) => {
      if (SAFE_METHODS.has(request.method) || !request.url.startsWith('/api/')) return;
      const cookies = request.cookies;
      const withCookies = Boolean(
        cookies[ACCESS_COOKIE] ??
        cookies[REFRESH_COOKIE] ??
        cookies[PENDING_COOKIE] ??
        cookies[PORTAL_PENDING_COOKIE],
      );
      if (!withCookies && request.routeOptions.config?.csrf !== 'always') return;
      const header = request.headers[CSRF_HEADER];
      if (!csrf.verify(cookies[CSRF_COOKIE], Array.isArray(header) ? header[0] : header)) {
        throw new AppError('csrf_failed', 'The request could not be verified; reload the page');
      }
    });
  },
  { name: 'csrf', dependencies: ['@fastify/cookie'] },
);
