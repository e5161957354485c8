import { ClinicalSettingsSchema, ProblemSchema } from '@mentalspace/contracts';
import type { Database } from '@mentalspace/db';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError } from '../../app-error';
import { writeAudit } from '../../audit/audit-writer';
import { serviceContext } from '../../plugins/authenticate';
import { canManageStaff } from '../../security/policy';
import { clinicalSettings, storeClinicalSettings } from './clinical-settings';

/** The practice's clinical settings: everyone on staff reads them, owners and admins change them. */
export const clinicalSettingsRoutes: FastifyPluginAsyncZod<{ database: Database }> = async (
  app,
  { database },
) => {
  app.get(
    '/practice/clinical-settings',
    {
      schema: {
        tags: ['notes'],
        summary: 'The note deadline and whether billing needs a signed note',
        response: { 200: ClinicalSettingsSchema, 401: ProblemSchema },
      },
    },
    (request) => {
      const ctx = serviceContext(request, database);
      return ctx.database.inPractice(ctx.scope.practiceId, (tx) => clinicalSettings(tx, ctx.scope));
    },
  );
  app.put(
    '/practice/clinical-settings',
    {
      schema: {
        tags: ['notes'],
        summary: 'Change the clinical settings (owners and administrators)',
        body: ClinicalSettingsSchema,
        response: { 200: ClinicalSettingsSchema, 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema },
      },
    },
    async (request) => {
      const ctx = serviceContext(request, database);
      if (!canManageStaff(ctx.scope))
        throw new AppError('forbidden', 'Only owners and administrators change practice settings');
      return ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
        const before = await clinicalSettings(tx, ctx.scope);
        await storeClinicalSettings(tx, ctx.scope, request.body);
        await writeAudit(tx, ctx.scope, ctx.audit, {
          action: 'practice.clinical_settings_changed',
          resourceType: 'practice',
          resourceId: ctx.scope.practiceId,
          details: {
            noteDeadlineHours: request.body.noteDeadlineHours,
            requireSignedNoteForBilling: request.body.requireSignedNoteForBilling,
            previousDeadlineHours: before.noteDeadlineHours,
          },
        });
        return clinicalSettings(tx, ctx.scope);
      });
    },
  );
};
