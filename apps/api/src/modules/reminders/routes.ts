import {
  AppointmentLinkViewSchema,
  ChangeResultSchema,
  OfferTokenBodySchema,
  ProblemSchema,
} from '@mentalspace/contracts';
import type { Database } from '@mentalspace/db';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { auditContext } from '../../plugins/authenticate';
import type { SlotsFreedHook } from '../appointments/status-change';
import { actOnAppointmentLink, viewAppointmentLink } from './links';

const problems = {
  400: ProblemSchema,
  403: ProblemSchema,
  404: ProblemSchema,
  409: ProblemSchema,
  429: ProblemSchema,
};

/** The links in reminders: no sign-in, the single-use token is the key to one appointment. */
export const appointmentLinkRoutes: FastifyPluginAsyncZod<{
  database: Database;
  rateLimit: number;
  onSlotsFreed?: SlotsFreedHook;
}> = async (app, { database, rateLimit, onSlotsFreed }) => {
  const config = {
    public: true,
    csrf: 'always',
    rateLimit: { max: rateLimit, timeWindow: '1 minute' },
  } as const;
  app.post(
    '/appointment-links/view',
    {
      config,
      schema: {
        tags: ['appointments'],
        summary: "What a reminder's link is about",
        body: OfferTokenBodySchema,
        response: { 200: AppointmentLinkViewSchema, ...problems },
      },
    },
    (request) => viewAppointmentLink(database, request.body.token),
  );
  for (const action of ['confirm', 'cancel'] as const) {
    app.post(
      `/appointment-links/${action}`,
      {
        config,
        schema: {
          tags: ['appointments'],
          summary: `${action === 'confirm' ? 'Confirm' : 'Cancel'} the appointment a reminder's link names (once)`,
          body: OfferTokenBodySchema,
          response: { 200: ChangeResultSchema, ...problems },
        },
      },
      (request) =>
        actOnAppointmentLink(database, request.body.token, action, auditContext(request), onSlotsFreed),
    );
  }
};
