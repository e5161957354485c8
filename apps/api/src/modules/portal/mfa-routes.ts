import {
  IdParamsSchema,
  PortalSecuritySchema,
  ProblemSchema,
  ReauthenticateBodySchema,
  SignInResultSchema,
  TotpCodeBodySchema,
  TotpEnrollmentSchema,
} from '@mentalspace/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../app-error';
import { auditContext, portalServiceContext, serviceContext } from '../../plugins/authenticate';
import type { AuthDeps } from '../auth/auth-deps';
import { PORTAL_PENDING_COOKIE } from '../auth/cookies';
import { setSessionCookies } from '../auth/set-cookies';
import {
  confirmPortalTotp,
  disablePortalTotp,
  portalSecurity,
  resetClientPortalTotp,
  startPortalTotp,
  verifyPortalTotp,
} from './portal-mfa';

const problems = {
  400: ProblemSchema,
  401: ProblemSchema,
  403: ProblemSchema,
  404: ProblemSchema,
  409: ProblemSchema,
  429: ProblemSchema,
};

/** A portal client's optional authenticator: offered in the portal, asked for at sign-in once on. */
export const portalMfaRoutes: FastifyPluginAsyncZod<{ auth: AuthDeps }> = async (app, { auth }) => {
  const mfaLimit = { rateLimit: { max: auth.rateLimits.mfa, timeWindow: '1 minute' } };

  app.get(
    '/portal/security',
    {
      config: { portal: true },
      schema: {
        tags: ['portal'],
        summary: 'Whether the client has an authenticator on',
        response: { 200: PortalSecuritySchema, ...problems },
      },
    },
    (request) => portalSecurity(portalServiceContext(request, auth.database)),
  );

  app.post(
    '/portal/security/totp/enroll',
    {
      config: { portal: true, ...mfaLimit },
      schema: {
        tags: ['portal'],
        summary: 'Start turning on an authenticator (the password again); returns the secret to scan',
        body: ReauthenticateBodySchema,
        response: { 200: TotpEnrollmentSchema, ...problems },
      },
    },
    (request) => startPortalTotp(auth, portalServiceContext(request, auth.database), request.body.password),
  );

  app.post(
    '/portal/security/totp/confirm',
    {
      config: { portal: true, ...mfaLimit },
      schema: {
        tags: ['portal'],
        summary: 'Confirm the authenticator with a code from it',
        body: TotpCodeBodySchema,
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      await confirmPortalTotp(auth, portalServiceContext(request, auth.database), request.body.code);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/portal/security/totp/disable',
    {
      config: { portal: true, ...mfaLimit },
      schema: {
        tags: ['portal'],
        summary: 'Turn the authenticator off (the password again)',
        body: ReauthenticateBodySchema,
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      await disablePortalTotp(auth, portalServiceContext(request, auth.database), request.body.password);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/portal/mfa/totp/verify',
    {
      config: { public: true, csrf: 'always', ...mfaLimit },
      schema: {
        tags: ['portal'],
        summary: "Portal sign-in's second step: the authenticator code",
        body: TotpCodeBodySchema,
        response: { 200: SignInResultSchema, ...problems },
      },
    },
    async (request, reply) => {
      const token = request.cookies[PORTAL_PENDING_COOKIE];
      const claims = token ? await auth.tokens.verifyPortalPending(token) : null;
      if (!claims) throw new AppError('unauthenticated', 'Start again with your e-mail and password');
      const session = await verifyPortalTotp(auth, claims, request.body.code, auditContext(request));
      setSessionCookies(reply, auth.secureCookies, session);
      return { status: 'signed_in' as const, idleTimeoutSeconds: session.idleSeconds };
    },
  );

  app.post(
    '/clients/:id/portal-mfa/reset',
    {
      schema: {
        tags: ['portal'],
        summary: "Turn off a client's portal authenticator (a lost phone); staff who invite to the portal",
        params: IdParamsSchema,
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      await resetClientPortalTotp(serviceContext(request, auth.database), request.params.id);
      return reply.status(204).send(null);
    },
  );
};
