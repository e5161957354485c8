import {
  ActiveSessionListSchema,
  IdParamsSchema,
  ProblemSchema,
  StaffAccessListSchema,
} from '@mentalspace/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { serviceContext } from '../../plugins/authenticate';
import type { AuthDeps } from './auth-deps';
import {
  listStaffAccessState,
  listStaffSessions,
  manageStaffAccess,
  type StaffAccessAction,
} from './manage-staff-access';

const problems = {
  400: ProblemSchema,
  401: ProblemSchema,
  403: ProblemSchema,
  404: ProblemSchema,
  409: ProblemSchema,
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
};
