import type { Database } from '@mentalspace/db';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../app-error';
import type { RealtimePublisher } from '../realtime/realtime-server';
import type { AuthDeps } from '../modules/auth/auth-deps';
import { ACCESS_COOKIE } from '../modules/auth/cookies';
import { unsafeWriteSecurityEvent } from '../audit/security-event';
import type { AccessScope, AuditContext, PortalPrincipal, Principal } from '../security/access-scope';
import { isAuditedBeforeActing, portalScopeFor, scopeFor } from '../security/policy';
import { auditBeforeActing } from '../audit/audit-before-acting';
import { createTestPrincipalHeader } from './test-principal-header';

declare module 'fastify' {
  interface FastifyInstance {
    /** Socket.IO events to users and practice roles (attached in app.ts). */
    realtime?: RealtimePublisher;
  }
  interface FastifyContextConfig {
    /** Reachable without a signed-in caller (health, OpenAPI, sign-in). Everything else requires one. */
    public?: boolean;
    /** For clients signed in to the portal (and only for them). */
    portal?: boolean;
  }
  interface FastifyRequest {
    /** A staff caller. */
    principal: Principal | null;
    /** A client in the portal; never set together with `principal`. */
    portalPrincipal: PortalPrincipal | null;
  }
}

/** What every service function receives: the database, the caller's reach, and audit facts. */
export interface ServiceContext {
  database: Database;
  scope: AccessScope;
  audit: AuditContext;
  /** Real-time events, emitted by services after their transaction commits. */
  realtime?: RealtimePublisher | undefined;
}

export interface AuthenticateOptions {
  auth: AuthDeps;
  testPrincipalHeader: boolean;
}

export const auditContext = (request: FastifyRequest): AuditContext => ({
  requestId: request.id,
  ip: request.ip,
  userAgent: request.headers['user-agent'],
});

/** `Authorization: Bearer <access token>`, for API clients that do not keep cookies. */
function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const match = header ? /^Bearer ([\w.-]+)$/.exec(header) : null;
  return match?.[1];
}

/**
 * Establishes the caller of every /api/ request before its handler runs and refuses the request
 * (401) when there is none, unless the route is marked public: a new route cannot forget it.
 * The caller comes from the access-token cookie (in tests, also from the test principal header).
 */
export const authenticatePlugin = fp(
  (app: FastifyInstance, { auth, testPrincipalHeader }: AuthenticateOptions) => {
    const guard = testPrincipalHeader ? createTestPrincipalHeader(auth.database) : null;
    app.decorateRequest('principal', null);
    app.decorateRequest('portalPrincipal', null);

    async function fromCookie(request: FastifyRequest, token: string): Promise<Principal | PortalPrincipal> {
      const claims = await auth.tokens.verifyAccess(token);
      if (claims === 'expired') throw new AppError('access_expired', 'Refresh the session to continue');
      if (claims === 'invalid') {
        // A forged, tampered or foreign-key token: worth a security event, never a detail.
        await unsafeWriteSecurityEvent(auth.database, {
          action: 'auth.invalid_token',
          ...auditContext(request),
        });
        throw new AppError('unauthenticated', 'Sign in to continue');
      }
      if (!(await auth.activity.touch(claims.sid, claims.idle))) {
        throw new AppError('session_expired', 'Your session has ended; sign in again');
      }
      return claims.kind === 'portal'
        ? { accountId: claims.sub, clientId: claims.cid, practiceId: claims.pid, sessionId: claims.sid }
        : { userId: claims.sub, practiceId: claims.pid, role: claims.role, sessionId: claims.sid };
    }

    const assign = (request: FastifyRequest, caller: Principal | PortalPrincipal | null) => {
      if (caller && 'accountId' in caller) request.portalPrincipal = caller;
      else request.principal = caller;
    };

    app.addHook('onRequest', async (request) => {
      if (!request.url.startsWith('/api/')) return;
      if (!request.routeOptions.url) return; // unknown route: the not-found handler answers
      const token = request.cookies[ACCESS_COOKIE] ?? bearerToken(request);
      const config = request.routeOptions.config;
      if (config?.public) {
        // Public routes still learn who is calling when they can, but never fail for it.
        if (token) assign(request, await fromCookie(request, token).catch(() => null));
        return;
      }
      if (config?.portal) {
        if (token) assign(request, await fromCookie(request, token));
        if (!request.portalPrincipal)
          throw new AppError('unauthenticated', 'Sign in to the portal to continue');
        return;
      }
      if (token) assign(request, await fromCookie(request, token));
      else if (guard) request.principal = await guard.principalFor(request);
      // A portal session never reaches staff endpoints, whatever id it puts in the URL.
      if (request.portalPrincipal) throw new AppError('forbidden', 'This endpoint is for practice staff');
      if (!request.principal) throw new AppError('unauthenticated', 'Sign in to continue');
      if (isAuditedBeforeActing(request.principal.role))
        await auditBeforeActing(auth.database, request, request.principal, auditContext(request));
    });
  },
  { name: 'authenticate', dependencies: ['@fastify/cookie'] },
);

export function serviceContext(request: FastifyRequest, database: Database): ServiceContext {
  if (!request.principal) throw new AppError('unauthenticated', 'Sign in to continue');
  return {
    database,
    scope: scopeFor(request.principal),
    audit: auditContext(request),
    realtime: request.server.realtime,
  };
}

/** The portal's context: the client's own record, taken from the session alone. */
export function portalServiceContext(request: FastifyRequest, database: Database): ServiceContext {
  if (!request.portalPrincipal) throw new AppError('unauthenticated', 'Sign in to the portal to continue');
  return {
    database,
    scope: portalScopeFor(request.portalPrincipal),
    audit: auditContext(request),
    realtime: request.server.realtime,
  };
}
