import type { Database } from '@mentalspace/db';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../app-error';
import type { AuthDeps } from '../modules/auth/auth-deps';
import { ACCESS_COOKIE } from '../modules/auth/cookies';
import { unsafeWriteSecurityEvent } from '../modules/auth/repo';
import type { AccessScope, AuditContext, Principal } from '../security/access-scope';
import { scopeFor } from '../security/policy';
import { createDevelopmentGuard } from './development-guard';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Reachable without a signed-in caller (health, OpenAPI, sign-in). Everything else requires one. */
    public?: boolean;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}

/** What every service function receives: the database, the caller's reach, and audit facts. */
export interface ServiceContext {
  database: Database;
  scope: AccessScope;
  audit: AuditContext;
}

export interface AuthenticateOptions {
  auth: AuthDeps;
  developmentGuard: boolean;
}

export const auditContext = (request: FastifyRequest): AuditContext => ({
  requestId: request.id,
  ip: request.ip,
  userAgent: request.headers['user-agent'],
});

/**
 * Establishes the caller of every /api/ request before its handler runs and refuses the request
 * (401) when there is none, unless the route is marked public: a new route cannot forget it.
 * The caller comes from the access-token cookie; in development mode, when no cookie is sent,
 * from the development guard.
 */
export const authenticatePlugin = fp(
  (app: FastifyInstance, { auth, developmentGuard }: AuthenticateOptions) => {
    const guard = developmentGuard ? createDevelopmentGuard(auth.database) : null;
    app.decorateRequest('principal', null);

    async function fromCookie(request: FastifyRequest, token: string): Promise<Principal> {
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
      return { userId: claims.sub, practiceId: claims.pid, role: claims.role, sessionId: claims.sid };
    }

    app.addHook('onRequest', async (request) => {
      if (!request.url.startsWith('/api/')) return;
      if (!request.routeOptions.url) return; // unknown route: the not-found handler answers
      const token = request.cookies[ACCESS_COOKIE];
      if (request.routeOptions.config?.public) {
        // Public routes still learn who is calling when they can, but never fail for it.
        if (token) request.principal = await fromCookie(request, token).catch(() => null);
        return;
      }
      request.principal = token
        ? await fromCookie(request, token)
        : guard
          ? await guard.principalFor(request)
          : null;
      if (!request.principal) throw new AppError('unauthenticated', 'Sign in to continue');
    });
  },
  { name: 'authenticate', dependencies: ['@fastify/cookie'] },
);

export function serviceContext(request: FastifyRequest, database: Database): ServiceContext {
  if (!request.principal) throw new AppError('unauthenticated', 'Sign in to continue');
  return { database, scope: scopeFor(request.principal), audit: auditContext(request) };
}
