import {
  ActiveSessionListSchema,
  ChangePasswordBodySchema,
  PasswordPolicySchema,
  CsrfTokenSchema,
  ProblemSchema,
  SignInBodySchema,
  SignInResultSchema,
} from '@mentalspace/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../app-error';
import { auditContext, serviceContext } from '../../plugins/authenticate';
import type { AuthDeps } from './auth-deps';
import { cookieOptions, CSRF_COOKIE, REFRESH_COOKIE } from './cookies';
import { changePassword, getPasswordPolicy } from './change-password';
import { refreshSession } from './refresh-session';
import { listSessions } from './list-sessions';
import { clearSessionCookies, setPendingCookie, setSessionCookies } from './set-cookies';
import { signIn } from './sign-in';
import { signOut, signOutEverywhere } from './sign-out';

const problems = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 429: ProblemSchema };

export const authRoutes: FastifyPluginAsyncZod<{ auth: AuthDeps }> = async (app, { auth }) => {
  const secure = auth.secureCookies;
  const limited = (max: number) => ({ rateLimit: { max, timeWindow: '1 minute' } });

  app.get(
    '/auth/csrf',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'A CSRF token (also set as a cookie) to echo in x-csrf-token',
        response: { 200: CsrfTokenSchema },
      },
    },
    (_request, reply) => {
      const csrfToken = auth.csrf.issue();
      reply.setCookie(CSRF_COOKIE, csrfToken, cookieOptions(CSRF_COOKIE, secure));
      return { csrfToken };
    },
  );

  app.post(
    '/auth/sign-in',
    {
      config: { public: true, csrf: 'always', ...limited(auth.rateLimits.signIn) },
      schema: {
        tags: ['auth'],
        summary: 'Staff sign-in with e-mail and password; a second factor may follow',
        body: SignInBodySchema,
        response: { 200: SignInResultSchema, ...problems },
      },
    },
    async (request, reply) => {
      const outcome = await signIn(auth, request.body, auditContext(request));
      if (outcome.status === 'signed_in') {
        setSessionCookies(reply, secure, outcome.session);
        return { status: outcome.status, idleTimeoutSeconds: outcome.session.idleSeconds };
      }
      setPendingCookie(reply, secure, outcome.pendingToken);
      return { status: outcome.status, methods: outcome.methods };
    },
  );

  app.post(
    '/auth/refresh',
    {
      config: { public: true, csrf: 'always', ...limited(auth.rateLimits.refresh) },
      schema: {
        tags: ['auth'],
        summary: 'Rotate the refresh token and issue a new access token',
        response: { 200: SignInResultSchema, ...problems },
      },
    },
    async (request, reply) => {
      try {
        const refreshed = await refreshSession(auth, request.cookies[REFRESH_COOKIE], auditContext(request));
        setSessionCookies(reply, secure, refreshed);
        return { status: 'signed_in' as const };
      } catch (error) {
        if (error instanceof AppError) clearSessionCookies(reply, secure);
        throw error;
      }
    },
  );

  app.post(
    '/auth/sign-out',
    { schema: { tags: ['auth'], summary: 'End this session', response: { 204: z.null(), ...problems } } },
    async (request, reply) => {
      const sessionId = request.principal?.sessionId;
      if (sessionId) await signOut(auth, serviceContext(request, auth.database), sessionId);
      clearSessionCookies(reply, secure);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/auth/sign-out-everywhere',
    {
      schema: {
        tags: ['auth'],
        summary: 'End every session of the caller',
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      await signOutEverywhere(auth, serviceContext(request, auth.database));
      clearSessionCookies(reply, secure);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/auth/sessions',
    {
      schema: {
        tags: ['auth'],
        summary: "The caller's live sessions",
        response: { 200: ActiveSessionListSchema, ...problems },
      },
    },
    async (request) =>
      listSessions(auth.activity, serviceContext(request, auth.database), request.principal?.sessionId),
  );

  app.get(
    '/auth/password-policy',
    {
      schema: {
        tags: ['auth'],
        summary: "The practice's password rules, for the live strength meter",
        response: { 200: PasswordPolicySchema, ...problems },
      },
    },
    (request) => getPasswordPolicy(serviceContext(request, auth.database)),
  );

  app.post(
    '/auth/password',
    {
      config: limited(auth.rateLimits.signIn),
      schema: {
        tags: ['auth'],
        summary: 'Change the password (other sessions end)',
        body: ChangePasswordBodySchema,
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      const sessionId = request.principal?.sessionId;
      if (!sessionId) throw new AppError('unauthenticated', 'Sign in to change your password');
      await changePassword(auth, serviceContext(request, auth.database), sessionId, request.body);
      return reply.status(204).send(null);
    },
  );
};
