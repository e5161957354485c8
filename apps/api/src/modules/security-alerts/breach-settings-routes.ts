import {
  BreachSettingsResponseSchema,
  ProblemSchema,
  UpdateBreachSettingsBodySchema,
} from '@mentalspace/contracts';
import type { Database } from '@mentalspace/db';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { serviceContext } from '../../plugins/authenticate';
import { getBreachSettings, updateBreachSettings } from './breach-settings';

/** Breach-detection thresholds: practice settings that owners and administrators read and change. */
export const breachSettingsRoutes: FastifyPluginAsyncZod<{ database: Database }> = async (
  app,
  { database },
) => {
  app.get(
    '/security/breach-settings',
    {
      schema: {
        tags: ['security'],
        summary: 'The breach-detection thresholds in force, defaults filled in',
        response: { 200: BreachSettingsResponseSchema, 401: ProblemSchema, 403: ProblemSchema },
      },
    },
    (request) => getBreachSettings(serviceContext(request, database)),
  );
  app.put(
    '/security/breach-settings',
    {
      schema: {
        tags: ['security'],
        summary: 'Change the breach-detection thresholds (every one, at once)',
        body: UpdateBreachSettingsBodySchema,
        response: {
          200: BreachSettingsResponseSchema,
          400: ProblemSchema,
          401: ProblemSchema,
          403: ProblemSchema,
        },
      },
    },
    (request) => updateBreachSettings(serviceContext(request, database), request.body),
  );
};
