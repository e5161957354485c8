import {
  PasskeyAuthenticationBodySchema,
  PasskeyListSchema,
  PasskeyRegistrationBodySchema,
  PasskeySchema,
  WebAuthnOptionsSchema,
  BackupCodeBodySchema,
  BackupCodesSchema,
  ProblemSchema,
  ReauthenticateBodySchema,
  SignInResultSchema,
  TotpCodeBodySchema,
  TotpEnrollmentSchema,
} from '@mentalspace/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../app-error';
import { auditContext, serviceContext } from '../../plugins/authenticate';
import type { FastifyRequest } from 'fastify';
import type { AuthDeps } from './auth-deps';
import { PENDING_COOKIE } from './cookies';
import {
  confirmTotpEnrollment,
  regenerateBackupCodes,
  removeTotp,
  startTotpEnrollment,
  verifyBackupCode,
  verifyTotp,
  type MfaCaller,
} from './mfa';
import {
  listMyPasskeys,
  passkeyAuthenticationOptions,
  passkeyRegistrationOptions,
  registerPasskey,
  verifyPasskey,
} from './passkeys';
import { reauthenticate } from './reauthenticate';
import { setSessionCookies } from './set-cookies';

const problems = {
  400: ProblemSchema,
  401: ProblemSchema,
  403: ProblemSchema,
  409: ProblemSchema,
  429: ProblemSchema,
};

export const mfaRoutes: FastifyPluginAsyncZod<{ auth: AuthDeps }> = async (app, { auth }) => {
  const secure = auth.secureCookies;
  const limited = { rateLimit: { max: auth.rateLimits.mfa, timeWindow: '1 minute' } };

  async function pendingClaims(request: FastifyRequest) {
    const token = request.cookies[PENDING_COOKIE];
    const claims = token ? await auth.tokens.verifyPending(token) : null;
    if (!claims) throw new AppError('unauthenticated', 'Sign in with your password first');
    return claims;
  }

  /** Enrolment is open to a pending sign-in (first factor only) or to a signed-in session. */
  async function caller(request: FastifyRequest): Promise<MfaCaller> {
    if (request.principal?.sessionId) return { kind: 'session', principal: request.principal };
    return { kind: 'pending', claims: await pendingClaims(request) };
  }

  app.post(
    '/auth/mfa/totp/enroll',
    {
      config: { public: true, csrf: 'always', ...limited },
      schema: {
        tags: ['auth'],
        summary: 'Start enrolling an authenticator app',
        response: { 200: TotpEnrollmentSchema, ...problems },
      },
    },
    async (request) => startTotpEnrollment(auth, await caller(request), auditContext(request)),
  );

  app.post(
    '/auth/mfa/totp/confirm',
    {
      config: { public: true, csrf: 'always', ...limited },
      schema: {
        tags: ['auth'],
        summary: 'Confirm the authenticator with a code; returns ten one-time backup codes, shown once',
        body: TotpCodeBodySchema,
        response: { 200: BackupCodesSchema.extend(SignInResultSchema.partial().shape), ...problems },
      },
    },
    async (request, reply) => {
      const result = await confirmTotpEnrollment(
        auth,
        await caller(request),
        request.body.code,
        auditContext(request),
      );
      if (result.session) setSessionCookies(reply, secure, result.session);
      return {
        backupCodes: result.backupCodes,
        ...(result.session
          ? { status: 'signed_in' as const, idleTimeoutSeconds: result.session.idleSeconds }
          : {}),
      };
    },
  );

  app.post(
    '/auth/mfa/totp/verify',
    {
      config: { public: true, csrf: 'always', ...limited },
      schema: {
        tags: ['auth'],
        summary: 'Second sign-in step: the authenticator code',
        body: TotpCodeBodySchema,
        response: { 200: SignInResultSchema, ...problems },
      },
    },
    async (request, reply) => {
      const session = await verifyTotp(
        auth,
        await pendingClaims(request),
        request.body.code,
        auditContext(request),
      );
      setSessionCookies(reply, secure, session);
      return { status: 'signed_in' as const, idleTimeoutSeconds: session.idleSeconds };
    },
  );

  app.post(
    '/auth/mfa/backup-code/verify',
    {
      config: { public: true, csrf: 'always', ...limited },
      schema: {
        tags: ['auth'],
        summary: 'Second sign-in step: a one-time backup code',
        body: BackupCodeBodySchema,
        response: { 200: SignInResultSchema, ...problems },
      },
    },
    async (request, reply) => {
      const session = await verifyBackupCode(
        auth,
        await pendingClaims(request),
        request.body.code,
        auditContext(request),
      );
      setSessionCookies(reply, secure, session);
      return { status: 'signed_in' as const, idleTimeoutSeconds: session.idleSeconds };
    },
  );

  app.post(
    '/auth/reauthenticate',
    {
      config: limited,
      schema: {
        tags: ['auth'],
        summary: 'Confirm the password before a sensitive change',
        body: ReauthenticateBodySchema,
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      const sessionId = request.principal?.sessionId;
      if (!sessionId) throw new AppError('unauthenticated', 'Sign in to continue');
      await reauthenticate(
        serviceContext(request, auth.database),
        sessionId,
        request.body.password,
        auth.now?.() ?? new Date(),
      );
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/auth/mfa/backup-codes/regenerate',
    {
      config: limited,
      schema: {
        tags: ['auth'],
        summary: 'Replace the backup codes (after re-authentication); shown once',
        response: { 200: BackupCodesSchema, ...problems },
      },
    },
    async (request) => {
      if (!request.principal?.sessionId) throw new AppError('unauthenticated', 'Sign in to continue');
      return { backupCodes: await regenerateBackupCodes(auth, request.principal, auditContext(request)) };
    },
  );

  app.post(
    '/auth/mfa/totp/remove',
    {
      config: limited,
      schema: {
        tags: ['auth'],
        summary: 'Remove the authenticator where the practice allows (after re-authentication)',
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      if (!request.principal?.sessionId) throw new AppError('unauthenticated', 'Sign in to continue');
      await removeTotp(auth, request.principal, auditContext(request));
      return reply.status(204).send(null);
    },
  );

  const signedIn = (request: FastifyRequest) => {
    if (!request.principal?.sessionId) throw new AppError('unauthenticated', 'Sign in to continue');
    return request.principal;
  };

  app.get(
    '/auth/passkeys',
    {
      schema: {
        tags: ['auth'],
        summary: "The caller's passkeys",
        response: { 200: PasskeyListSchema, ...problems },
      },
    },
    (request) => listMyPasskeys(auth, signedIn(request)),
  );

  app.post(
    '/auth/passkeys/registration-options',
    {
      config: limited,
      schema: {
        tags: ['auth'],
        summary: 'Start adding a passkey (after re-authentication)',
        response: { 200: WebAuthnOptionsSchema, ...problems },
      },
    },
    async (request) => ({
      ...(await passkeyRegistrationOptions(auth, signedIn(request), request.headers.origin)),
    }),
  );

  app.post(
    '/auth/passkeys',
    {
      config: limited,
      schema: {
        tags: ['auth'],
        summary: 'Finish adding a passkey with the authenticator’s answer',
        body: PasskeyRegistrationBodySchema,
        response: { 201: PasskeySchema, ...problems },
      },
    },
    async (request, reply) => {
      const passkey = await registerPasskey(
        auth,
        signedIn(request),
        request.body,
        request.headers.origin,
        auditContext(request),
      );
      return reply.status(201).send(passkey);
    },
  );

  app.post(
    '/auth/mfa/passkey/options',
    {
      config: { public: true, csrf: 'always', ...limited },
      schema: {
        tags: ['auth'],
        summary: 'Second sign-in step with a passkey: the challenge',
        response: { 200: WebAuthnOptionsSchema, ...problems },
      },
    },
    async (request) => ({
      ...(await passkeyAuthenticationOptions(auth, await pendingClaims(request), request.headers.origin)),
    }),
  );

  app.post(
    '/auth/mfa/passkey/verify',
    {
      config: { public: true, csrf: 'always', ...limited },
      schema: {
        tags: ['auth'],
        summary: 'Second sign-in step with a passkey: the answer',
        body: PasskeyAuthenticationBodySchema,
        response: { 200: SignInResultSchema, ...problems },
      },
    },
    async (request, reply) => {
      const session = await verifyPasskey(
        auth,
        await pendingClaims(request),
        request.body.response,
        request.headers.origin,
        auditContext(request),
      );
      setSessionCookies(reply, secure, session);
      return { status: 'signed_in' as const, idleTimeoutSeconds: session.idleSeconds };
    },
  );
};
