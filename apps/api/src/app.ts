import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import type { Database } from '@mentalspace/db';
import type { Redis } from 'ioredis';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { v7 as uuidv7 } from 'uuid';
import { appointmentRoutes } from './modules/appointments/routes';
import { activityThatDisconnects, attachRealtime } from './realtime/realtime-server';
import { availabilityRoutes } from './modules/availability/routes';
import { calendarFeedRoutes } from './modules/calendar-feed/routes';
import { messagingRoutes } from './modules/messaging/routes';
import { portalBookingRoutes } from './modules/portal-booking/routes';
import { appointmentLinkRoutes } from './modules/reminders/routes';
import { schedulingSetupRoutes } from './modules/scheduling-setup/routes';
import { waitlistRoutes } from './modules/waitlist/routes';
import type { IceConfig } from './modules/telehealth/ice-servers';
import { telehealthRoutes } from './modules/telehealth/routes';
import { attachTelehealthSignalling } from './modules/telehealth/signalling';
import { waitlistOffersFor } from './modules/waitlist/service';
import { chartDetailRoutes } from './modules/chart-details/routes';
import { consentRoutes } from './modules/consents/routes';
import { diagnosisRoutes } from './modules/diagnoses/routes';
import { measureRoutes } from './modules/measures/routes';
import { secureMessageRoutes } from './modules/secure-messages/routes';
import { noteRoutes } from './modules/notes/routes';
import { clinicalSettingsRoutes } from './modules/notes/settings-routes';
import { psychotherapyNoteRoutes } from './modules/psychotherapy-notes/routes';
import { treatmentPlanRoutes } from './modules/treatment-plans/routes';
import { clientRoutes } from './modules/clients/routes';
import { healthRoutes, type HealthDeps } from './modules/health/routes';
import { auditReportRoutes } from './modules/audit-report/routes';
import { platformRoutes } from './modules/platform/routes';
import { breachSettingsRoutes } from './modules/security-alerts/breach-settings-routes';
import { securityAlertRoutes } from './modules/security-alerts/routes';
import { portalMfaRoutes } from './modules/portal/mfa-routes';
import { portalRoutes } from './modules/portal/routes';
import { staffRoutes } from './modules/staff/routes';
import type { AuthDeps } from './modules/auth/auth-deps';
import { staffAccessRoutes } from './modules/auth/admin-routes';
import { mfaRoutes } from './modules/auth/mfa-routes';
import { authRoutes } from './modules/auth/routes';
import { AppError } from './app-error';
import { auditRefusalsPlugin } from './plugins/audit-refusals';
import { securityHeadersPlugin } from './plugins/security-headers';
import { authenticatePlugin } from './plugins/authenticate';
import { unsafeWriteSecurityEvent } from './audit/security-event';
import { createClientErrorHandler } from './plugins/client-error';
import type { PhiCipher } from './security/encryption/phi-cipher';
import { csrfPlugin } from './plugins/csrf';
import { errorsPlugin } from './plugins/errors';
import { openApiPlugin } from './plugins/openapi';
import { webAppPlugin } from './plugins/web-app';

export interface AppDeps {
  database: Database;
  /** Field-level PHI encryption (key ring loaded at boot: local master key or AWS KMS). */
  phi: PhiCipher;
  /** Sessions, tokens and CSRF; its database is the same as `database`. */
  auth: AuthDeps;
  /** Shared state across instances (rate limits, session activity) when configured. */
  redis?: Redis | undefined;
  logger: FastifyBaseLogger;
  /** Secrets Manager's health for the readiness check (production with SECRETS_SOURCE=aws). */
  secretsHealth?: HealthDeps['secretsHealth'];
  /**
   * TESTS AND THE BENCHMARK ONLY: a request without a session cookie may name its caller in the
   * `x-test-user-id` header. The server never sets it; in every real deployment, embedded or
   * production, each protected route needs a signed-in session.
   */
  testPrincipalHeader?: boolean;
  trustProxy?: boolean;
  /** Folder of the built web app; omitted in API-only tests. */
  webRoot?: string | undefined;
  /** Largest JSON body accepted (413 beyond). */
  bodyLimit?: number;
  /** Where users reach the app: links in emails and SMS start with it (read when a link is made). */
  publicUrl?: () => string;
  /** Telehealth's STUN/TURN servers; none: peers connect by host candidates (same network). */
  ice?: IceConfig;
}

/** Registers every plugin and module; never listens. server.ts listens, tests use inject(). */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger,
    trustProxy: deps.trustProxy ?? false,
    bodyLimit: deps.bodyLimit ?? 1_048_576,
    clientErrorHandler: createClientErrorHandler(deps.logger, ({ ip, parserError }) =>
      unsafeWriteSecurityEvent(deps.database, {
        action: 'http.request_refused',
        ip,
        requestId: uuidv7(),
        details: { parserError },
      }),
    ),
    genReqId: () => uuidv7(),
    requestIdHeader: false,
    routerOptions: { maxParamLength: 200 },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  // Socket.IO on the same HTTP server; ending a session also closes its sockets everywhere.
  const realtime = attachRealtime(app, { auth: deps.auth, redis: deps.redis, logger: deps.logger });
  app.decorate('realtime', realtime);
  app.addHook('onClose', () => realtime.close());
  const auth: AuthDeps = { ...deps.auth, activity: activityThatDisconnects(deps.auth.activity, realtime) };
  const telehealthChannel = attachTelehealthSignalling(realtime, {
    database: deps.database,
    auth,
    logger: deps.logger,
  });

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    if (request.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
  });

  await app.register(errorsPlugin);
  await app.register(securityHeadersPlugin);
  await app.register(openApiPlugin);
  await app.register(cookie);
  await app.register(rateLimit, {
    global: false,
    ...(deps.redis ? { redis: deps.redis, nameSpace: 'ms:rate:' } : {}),
    // Counting must never take the API down with it: if Redis fails, let the request through.
    skipOnError: true,
    errorResponseBuilder: (_request, context) =>
      new AppError('rate_limited', `Too many requests; try again in ${Math.ceil(context.ttl / 1000)} s`),
  });
  await app.register(csrfPlugin, { csrf: auth.csrf });
  await app.register(authenticatePlugin, {
    auth,
    testPrincipalHeader: deps.testPrincipalHeader ?? false,
  });
  await app.register(auditRefusalsPlugin, { database: deps.database });

  await app.register(
    async (api) => {
      await api.register(healthRoutes, {
        database: deps.database,
        redis: deps.redis,
        secretsHealth: deps.secretsHealth,
      });
      await api.register(authRoutes, { auth });
      await api.register(mfaRoutes, { auth });
      await api.register(staffAccessRoutes, { auth });
      await api.register(staffRoutes, {
        database: deps.database,
        idleCapSeconds: auth.idleCapSeconds,
      });
      await api.register(clientRoutes, { database: deps.database, phi: deps.phi });
      const onSlotsFreed = waitlistOffersFor({
        publicUrl: deps.publicUrl ?? (() => 'http://localhost:3000'),
      });
      await api.register(appointmentRoutes, { database: deps.database, onSlotsFreed });
      await api.register(appointmentLinkRoutes, {
        database: deps.database,
        rateLimit: auth.rateLimits.signIn,
        onSlotsFreed,
      });
      await api.register(availabilityRoutes, { database: deps.database });
      await api.register(waitlistRoutes, {
        database: deps.database,
        claimRateLimit: auth.rateLimits.signIn,
      });
      await api.register(messagingRoutes, { database: deps.database });
      await api.register(schedulingSetupRoutes, { database: deps.database });
      await api.register(portalBookingRoutes, { database: deps.database });
      await api.register(calendarFeedRoutes, {
        database: deps.database,
        publicUrl: deps.publicUrl ?? (() => 'http://localhost:3000'),
        rateLimit: auth.rateLimits.signIn,
      });
      await api.register(telehealthRoutes, {
        database: deps.database,
        channel: telehealthChannel,
        ice: deps.ice ?? { stunUrls: [], turn: null },
        publicUrl: deps.publicUrl ?? (() => 'http://localhost:3000'),
        secureCookies: auth.secureCookies,
        rateLimit: auth.rateLimits.signIn,
      });
      await api.register(noteRoutes, { database: deps.database, phi: deps.phi });
      await api.register(clinicalSettingsRoutes, { database: deps.database });
      await api.register(psychotherapyNoteRoutes, { database: deps.database, phi: deps.phi });
      await api.register(diagnosisRoutes, { database: deps.database });
      await api.register(measureRoutes, { database: deps.database, phi: deps.phi });
      await api.register(secureMessageRoutes, { database: deps.database, phi: deps.phi });
      await api.register(treatmentPlanRoutes, { database: deps.database, phi: deps.phi });
      await api.register(chartDetailRoutes, { database: deps.database, phi: deps.phi });
      await api.register(consentRoutes, { database: deps.database });
      await api.register(portalRoutes, { auth, phi: deps.phi });
      await api.register(portalMfaRoutes, { auth });
      await api.register(platformRoutes, { database: deps.database });
      await api.register(auditReportRoutes, { database: deps.database });
      await api.register(securityAlertRoutes, { database: deps.database });
      await api.register(breachSettingsRoutes, { database: deps.database });
      api.get('/openapi.json', { config: { public: true }, schema: { hide: true } }, () => app.swagger());
    },
    { prefix: '/api/v1' },
  );

  if (deps.webRoot) await app.register(webAppPlugin, { root: deps.webRoot });
  await app.ready();
  return app;
}
