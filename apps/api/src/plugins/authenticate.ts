import type { Database } from '@mentalspace/db';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../app-error';
import type { AccessScope, AuditContext, Principal } from '../security/access-scope';
import { scopeFor } from '../security/policy';
import { createDevelopmentGuard } from './development-guard';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Reachable without a signed-in caller (health, OpenAPI). Everything else requires one. */
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
  database: Database;
  developmentGuard: boolean;
}

/**
 * Establishes the caller of every /api/v1 request before its handler runs, and refuses the
 * request (401) when there is none, unless the route is marked public. Authentication is
 * therefore on by default: a new route cannot forget it.
 */
export const authenticatePlugin = fp(
  (app: FastifyInstance, options: AuthenticateOptions) => {
    const guard = options.developmentGuard ? createDevelopmentGuard(options.database) : null;
    app.decorateRequest('principal', null);
    app.addHook('onRequest', async (request) => {
      if (!request.url.startsWith('/api/') || request.routeOptions.config?.public) return;
      if (!request.routeOptions.url) return; // unknown route: the not-found handler answers
      // Until the identity module lands, only the development guard can produce a caller; in
      // production mode there is none, so every protected route answers 401.
      request.principal = guard ? await guard.principalFor(request) : null;
      if (!request.principal) throw new AppError('unauthenticated', 'Sign in to continue');
    });
  },
  { name: 'authenticate' },
);

export function serviceContext(request: FastifyRequest, database: Database): ServiceContext {
  if (!request.principal) throw new AppError('unauthenticated', 'Sign in to continue');
  return {
    database,
    scope: scopeFor(request.principal),
    audit: { requestId: request.id, ip: request.ip, userAgent: request.headers['user-agent'] },
  };
}
