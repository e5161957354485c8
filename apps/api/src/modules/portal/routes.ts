import {
  AcceptInvitationBodySchema,
  AppointmentListSchema,
  ClientDetailSchema,
  IdParamsSchema,
  PortalInvitationBodySchema,
  PortalInvitationSchema,
  ProblemSchema,
  SignInBodySchema,
  SignInResultSchema,
} from '@mentalspace/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditContext, portalServiceContext, serviceContext } from '../../plugins/authenticate';
import { listAppointmentsForClient } from '../appointments/service';
import type { AuthDeps } from '../auth/auth-deps';
import { clearSessionCookies, setPortalPendingCookie, setSessionCookies } from '../auth/set-cookies';
import { signOut } from '../auth/sign-out';
import type { PhiCipher } from '../../security/encryption/phi-cipher';
import { getClient } from '../clients/service';
import { acceptInvitation } from './accept-invitation';
import { inviteClientToPortal } from './invite-client';
import { portalSignIn } from './portal-sign-in';

const problems = {
  400: ProblemSchema,
  401: ProblemSchema,
  403: ProblemSchema,
  404: ProblemSchema,
  429: ProblemSchema,
};

/**
 * The client portal. Portal routes take the client from the session, never from the request:
 * there is no id to edit, so one client cannot ask for another's record.
 */
export const portalRoutes: FastifyPluginAsyncZod<{ auth: AuthDeps; phi: PhiCipher }> = async (
  app,
  { auth, phi },
) => {
  const secure = auth.secureCookies;
  const limited = { rateLimit: { max: auth.rateLimits.signIn, timeWindow: '1 minute' } };

  app.post(
    '/clients/:id/portal-invitation',
    {
      schema: {
        tags: ['portal'],
        summary: 'Invite a client to the portal (single-use link, 72 hours)',
        params: IdParamsSchema,
        body: PortalInvitationBodySchema,
        response: { 201: PortalInvitationSchema, ...problems },
      },
    },
    async (request, reply) => {
      const invitation = await inviteClientToPortal(
        serviceContext(request, auth.database),
        request.params.id,
        request.body.email,
        auth.now?.() ?? new Date(),
      );
      return reply.status(201).send(invitation);
    },
  );

  app.post(
    '/portal/invitations/accept',
    {
      config: { public: true, csrf: 'always', ...limited },
      schema: {
        tags: ['portal'],
        summary: 'Set a portal password from an invitation link and sign in',
        body: AcceptInvitationBodySchema,
        response: { 200: SignInResultSchema, ...problems },
      },
    },
    async (request, reply) => {
      const session = await acceptInvitation(auth, request.body, auditContext(request));
      setSessionCookies(reply, secure, session);
      return { status: 'signed_in' as const, idleTimeoutSeconds: session.idleSeconds };
    },
  );

  app.post(
    '/portal/sign-in',
    {
      config: { public: true, csrf: 'always', ...limited },
      schema: {
        tags: ['portal'],
        summary: 'Client sign-in to the portal',
        body: SignInBodySchema,
        response: { 200: SignInResultSchema, ...problems },
      },
    },
    async (request, reply) => {
      const outcome = await portalSignIn(auth, request.body, auditContext(request));
      if (outcome.status === 'mfa_required') {
        setPortalPendingCookie(reply, secure, outcome.pendingToken);
        return { status: 'mfa_required' as const, methods: ['totp' as const] };
      }
      setSessionCookies(reply, secure, outcome.session);
      return { status: 'signed_in' as const, idleTimeoutSeconds: outcome.session.idleSeconds };
    },
  );

  app.get(
    '/portal/me',
    {
      config: { portal: true },
      schema: {
        tags: ['portal'],
        summary: "The signed-in client's own record",
        response: { 200: ClientDetailSchema, ...problems },
      },
    },
    (request) =>
      getClient(portalServiceContext(request, auth.database), phi, request.portalPrincipal!.clientId),
  );

  app.get(
    '/portal/appointments',
    {
      config: { portal: true },
      schema: {
        tags: ['portal'],
        summary: "The signed-in client's appointments",
        response: { 200: AppointmentListSchema, ...problems },
      },
    },
    (request) =>
      listAppointmentsForClient(
        portalServiceContext(request, auth.database),
        request.portalPrincipal!.clientId,
        50,
      ),
  );

  app.post(
    '/portal/sign-out',
    {
      config: { portal: true },
      schema: {
        tags: ['portal'],
        summary: 'End the portal session',
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      await signOut(auth, portalServiceContext(request, auth.database), request.portalPrincipal!.sessionId);
      clearSessionCookies(reply, secure);
      return reply.status(204).send(null);
    },
  );
};
