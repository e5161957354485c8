import {
  AcceptedStaffInvitationSchema,
  AcceptStaffInvitationBodySchema,
  ActiveSessionListSchema,
  ChangeRoleBodySchema,
  IdParamsSchema,
  InviteStaffBodySchema,
  ProblemSchema,
  StaffAccessListSchema,
  StaffInvitationCreatedSchema,
  StaffInvitationListSchema,
  StartSupervisionBodySchema,
  SupervisionListSchema,
} from '@mentalspace/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditContext, serviceContext } from '../../plugins/authenticate';
import { acceptStaffInvitation } from './accept-staff-invitation';
import type { AuthDeps } from './auth-deps';
import { changeStaffRole } from './change-staff-role';
import {
  listStaffAccessState,
  listStaffSessions,
  manageStaffAccess,
  type StaffAccessAction,
} from './manage-staff-access';
import { listSupervisions, startSupervision, stopSupervision } from './supervisions';
import {
  inviteStaff,
  listStaffInvitations,
  reissueStaffInvitation,
  withdrawStaffInvitation,
} from './staff-invitations';

const problems = {
  400: ProblemSchema,
  401: ProblemSchema,
  403: ProblemSchema,
  404: ProblemSchema,
  409: ProblemSchema,
  429: ProblemSchema,
};

const ACTIONS: Record<string, { action: StaffAccessAction; summary: string }> = {
  unlock: { action: 'unlock', summary: 'Unlock a staff account locked by failed sign-ins' },
  'reset-mfa': { action: 'reset_mfa', summary: "Reset a staff member's second factor (they enrol again)" },
  deactivate: { action: 'deactivate', summary: 'Deactivate a staff account and end its sessions' },
  'revoke-sessions': { action: 'revoke_sessions', summary: 'End every session of a staff member' },
};

export const staffAccessRoutes: FastifyPluginAsyncZod<{ auth: AuthDeps }> = async (app, { auth }) => {
  app.get(
    '/staff/access',
    {
      schema: {
        tags: ['staff'],
        summary: 'Staff with their sign-in state (lock, second factor, last sign-in); owners and admins',
        response: { 200: StaffAccessListSchema, ...problems },
      },
    },
    (request) => listStaffAccessState(serviceContext(request, auth.database)),
  );

  for (const [path, { action, summary }] of Object.entries(ACTIONS)) {
    app.post(
      `/staff/:id/${path}`,
      {
        schema: {
          tags: ['staff'],
          summary,
          params: IdParamsSchema,
          response: { 204: z.null(), ...problems },
        },
      },
      async (request, reply) => {
        await manageStaffAccess(auth, serviceContext(request, auth.database), request.params.id, action);
        return reply.status(204).send(null);
      },
    );
  }

  app.get(
    '/staff/:id/sessions',
    {
      schema: {
        tags: ['staff'],
        summary: "A staff member's live sessions",
        params: IdParamsSchema,
        response: { 200: ActiveSessionListSchema, ...problems },
      },
    },
    async (request) => listStaffSessions(auth, serviceContext(request, auth.database), request.params.id),
  );

  app.put(
    '/staff/:id/role',
    {
      schema: {
        tags: ['staff'],
        summary: "Change a staff member's role (their sessions end; owners and admins)",
        params: IdParamsSchema,
        body: ChangeRoleBodySchema,
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      await changeStaffRole(
        auth,
        serviceContext(request, auth.database),
        request.params.id,
        request.body.role,
      );
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/staff/invitations',
    {
      schema: {
        tags: ['staff'],
        summary: 'Open staff invitations; owners and admins',
        response: { 200: StaffInvitationListSchema, ...problems },
      },
    },
    (request) => listStaffInvitations(serviceContext(request, auth.database)),
  );

  app.post(
    '/staff/invitations',
    {
      schema: {
        tags: ['staff'],
        summary: 'Invite a staff member with a role: a single-use link valid for 72 hours',
        body: InviteStaffBodySchema,
        response: { 201: StaffInvitationCreatedSchema, ...problems },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await inviteStaff(auth, serviceContext(request, auth.database), request.body)),
  );

  app.post(
    '/staff/invitations/:id/reissue',
    {
      schema: {
        tags: ['staff'],
        summary: 'A new invitation link (the old one stops working)',
        params: IdParamsSchema,
        response: { 201: StaffInvitationCreatedSchema, ...problems },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await reissueStaffInvitation(auth, serviceContext(request, auth.database), request.params.id)),
  );

  app.post(
    '/staff/invitations/:id/withdraw',
    {
      schema: {
        tags: ['staff'],
        summary: 'Withdraw an invitation (an account never activated is disabled)',
        params: IdParamsSchema,
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      await withdrawStaffInvitation(serviceContext(request, auth.database), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/staff/invitations/accept',
    {
      config: {
        public: true,
        csrf: 'always',
        rateLimit: { max: auth.rateLimits.signIn, timeWindow: '1 minute' },
      },
      schema: {
        tags: ['staff'],
        summary: 'A new staff member sets their password from the invitation link, then signs in',
        body: AcceptStaffInvitationBodySchema,
        response: { 200: AcceptedStaffInvitationSchema, ...problems },
      },
    },
    (request) => acceptStaffInvitation(auth, request.body, auditContext(request)),
  );

  app.get(
    '/staff/supervisions',
    {
      schema: {
        tags: ['staff'],
        summary: 'Active supervisions (supervisor and supervisee); owners and admins',
        response: { 200: SupervisionListSchema, ...problems },
      },
    },
    (request) => listSupervisions(serviceContext(request, auth.database)),
  );

  app.post(
    '/staff/supervisions',
    {
      schema: {
        tags: ['staff'],
        summary: "Start a supervision: the supervisor reaches the supervisee's caseload",
        body: StartSupervisionBodySchema,
        response: { 201: z.object({ id: z.uuid() }), ...problems },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await startSupervision(
            serviceContext(request, auth.database),
            request.body.supervisorId,
            request.body.superviseeId,
          ),
        ),
  );

  app.post(
    '/staff/supervisions/:id/end',
    {
      schema: {
        tags: ['staff'],
        summary: 'End a supervision',
        params: IdParamsSchema,
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      await stopSupervision(serviceContext(request, auth.database), request.params.id);
      return reply.status(204).send(null);
    },
  );
};
