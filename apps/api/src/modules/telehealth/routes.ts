import {
  IdParamsSchema,
  JoinTelehealthBodySchema,
  ProblemSchema,
  RedeemJoinLinkBodySchema,
  SendJoinLinksResultSchema,
  TelehealthEndResultSchema,
  TelehealthSessionSchema,
} from '@mentalspace/contracts';
import type { Database } from '@mentalspace/db';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditContext, portalServiceContext, serviceContext } from '../../plugins/authenticate';
import { GUEST_PASS_COOKIE, guestView, redeemJoinLink, sendJoinLinks } from './join-links';
import { admitParticipant, endSession, hostView, openAsHost, removeParticipant } from './host';
import { joinFromPortal, participantView, type TelehealthDeps } from './service';

const problems = {
  400: ProblemSchema,
  401: ProblemSchema,
  403: ProblemSchema,
  404: ProblemSchema,
  409: ProblemSchema,
  429: ProblemSchema,
};

// Portal and guest routes name their object explicitly: the caller's own, never a staff `{id}`.
const SessionParamsSchema = z.strictObject({ sessionId: z.uuid() });
const ParticipantParamsSchema = z.strictObject({ id: z.uuid(), participantId: z.uuid() });

/**
 * Telehealth video sessions. The clinician hosts (opens, admits, removes, ends); clients join
 * from the portal or through a single-use link. Signalling runs over Socket.IO (`signalling.ts`).
 */
export const telehealthRoutes: FastifyPluginAsyncZod<
  TelehealthDeps & {
    database: Database;
    publicUrl: () => string;
    secureCookies: boolean;
    rateLimit: number;
  }
> = async (app, { database, publicUrl, secureCookies, rateLimit, ...deps }) => {
  app.post(
    '/appointments/:id/telehealth',
    {
      schema: {
        tags: ['telehealth'],
        summary: "Open (or return to) the appointment's video session as its clinician",
        params: IdParamsSchema,
        response: { 200: TelehealthSessionSchema, ...problems },
      },
    },
    (request) => openAsHost(serviceContext(request, database), deps, request.params.id),
  );
  app.post(
    '/appointments/:id/telehealth/links',
    {
      schema: {
        tags: ['telehealth'],
        summary: 'Send each client of the appointment a single-use join link',
        params: IdParamsSchema,
        response: { 200: SendJoinLinksResultSchema, ...problems },
      },
    },
    (request) => sendJoinLinks(serviceContext(request, database), publicUrl, request.params.id),
  );
  app.get(
    '/telehealth/sessions/:id',
    {
      schema: {
        tags: ['telehealth'],
        summary: 'A session as its host sees it (the waiting room)',
        params: IdParamsSchema,
        response: { 200: TelehealthSessionSchema, ...problems },
      },
    },
    (request) => hostView(serviceContext(request, database), deps, request.params.id),
  );
  app.post(
    '/telehealth/sessions/:id/participants/:participantId/admit',
    {
      schema: {
        tags: ['telehealth'],
        summary: 'Admit a waiting client',
        params: ParticipantParamsSchema,
        response: { 200: TelehealthSessionSchema, ...problems },
      },
    },
    (request) =>
      admitParticipant(
        serviceContext(request, database),
        deps,
        request.params.id,
        request.params.participantId,
      ),
  );
  app.post(
    '/telehealth/sessions/:id/participants/:participantId/remove',
    {
      schema: {
        tags: ['telehealth'],
        summary: 'Turn a client away from the waiting room, or remove them from the call',
        params: ParticipantParamsSchema,
        response: { 200: TelehealthSessionSchema, ...problems },
      },
    },
    (request) =>
      removeParticipant(
        serviceContext(request, database),
        deps,
        request.params.id,
        request.params.participantId,
      ),
  );
  app.post(
    '/telehealth/sessions/:id/end',
    {
      schema: {
        tags: ['telehealth'],
        summary: 'End the session: records the actual times, place of service and modifier 95',
        params: IdParamsSchema,
        response: { 200: z.object({ record: TelehealthEndResultSchema.nullable() }), ...problems },
      },
    },
    (request) => endSession(serviceContext(request, database), deps, request.params.id),
  );

  app.post(
    '/portal/telehealth/:appointmentId/join',
    {
      config: { portal: true },
      schema: {
        tags: ['portal'],
        summary: "Enter the appointment's waiting room",
        params: z.strictObject({ appointmentId: z.uuid() }),
        body: JoinTelehealthBodySchema,
        response: { 200: TelehealthSessionSchema, ...problems },
      },
    },
    (request) =>
      joinFromPortal(
        portalServiceContext(request, database),
        deps,
        request.params.appointmentId,
        request.body,
      ),
  );
  app.get(
    '/portal/telehealth/sessions/:sessionId',
    {
      config: { portal: true },
      schema: {
        tags: ['portal'],
        summary: 'The session as the client sees it',
        params: SessionParamsSchema,
        response: { 200: TelehealthSessionSchema, ...problems },
      },
    },
    (request) => {
      const ctx = portalServiceContext(request, database);
      return participantView(ctx, deps, request.params.sessionId, {
        clientId: request.portalPrincipal!.clientId,
      });
    },
  );

  app.post(
    '/telehealth/join-links/redeem',
    {
      config: { public: true, csrf: 'always', rateLimit: { max: rateLimit, timeWindow: '1 minute' } },
      schema: {
        tags: ['telehealth'],
        summary: 'Open a join link (once): enters the waiting room and sets the pass cookie',
        body: RedeemJoinLinkBodySchema,
        response: { 200: TelehealthSessionSchema, ...problems },
      },
    },
    async (request, reply) => {
      const { view, pass, passExpires } = await redeemJoinLink(
        database,
        { ...deps, realtime: request.server.realtime },
        request.body,
        auditContext(request),
      );
      reply.setCookie(GUEST_PASS_COOKIE, pass, {
        path: '/',
        httpOnly: true,
        secure: secureCookies,
        sameSite: 'strict',
        expires: passExpires,
      });
      return view;
    },
  );
  app.get(
    '/telehealth/guest/sessions/:sessionId',
    {
      config: { public: true, rateLimit: { max: rateLimit * 4, timeWindow: '1 minute' } },
      schema: {
        tags: ['telehealth'],
        summary: 'The session as a guest (join link) sees it, from the pass cookie',
        params: SessionParamsSchema,
        response: { 200: TelehealthSessionSchema, ...problems },
      },
    },
    (request) =>
      guestView(
        database,
        deps,
        request.cookies[GUEST_PASS_COOKIE],
        request.params.sessionId,
        auditContext(request),
      ),
  );
};
