import type { ClientDetail } from '@mentalspace/contracts';
import { AppError, notFound } from '../../app-error';
import { writeAudit } from '../../audit/audit-writer';
import type { ServiceContext } from '../../plugins/authenticate';
import type { PhiCipher } from '../../security/encryption/phi-cipher';
import { canAssignCaseload } from '../../security/policy';
import { isActiveClinician } from '../staff/service';
import { assignClinician, endAssignment, findClientById } from './repo';
import { getClient } from './service';

const refused = () => new AppError('forbidden', 'Your role cannot change care teams');

/**
 * Puts a clinician on a client's care team (or changes their assignment): this is what places the
 * client in the clinician's caseload. A new primary makes the previous one secondary. Audited with
 * the client, in the same transaction.
 */
export async function assignClientClinician(
  ctx: ServiceContext,
  phi: PhiCipher,
  clientId: string,
  clinicianId: string,
  assignment: 'primary' | 'secondary',
): Promise<ClientDetail> {
  const outcome = await ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
    if (!(await findClientById(tx, ctx.scope, clientId))) return 'not_found' as const;
    if (!canAssignCaseload(ctx.scope)) return 'forbidden' as const;
    if (!(await isActiveClinician(tx, ctx, clinicianId))) return 'not_clinician' as const;
    await assignClinician(tx, ctx.scope, { clientId, clinicianId, role: assignment });
    await writeAudit(tx, ctx.scope, ctx.audit, {
      action: 'client.clinician_assigned',
      resourceType: 'client',
      resourceId: clientId,
      clientId,
      details: { clinicianId, assignment },
    });
    return 'done' as const;
  });
  if (outcome === 'not_found') throw notFound('Client');
  if (outcome === 'forbidden') throw refused();
  if (outcome === 'not_clinician')
    throw new AppError('validation_failed', 'clinicianId is not an active clinician of this practice', {
      fieldErrors: [{ field: 'params.clinicianId', message: 'is not an active clinician of this practice' }],
    });
  return getClient(ctx, phi, clientId);
}

/** Takes a clinician off a client's care team; the assignment is ended, never deleted. */
export async function removeClientClinician(ctx: ServiceContext, clientId: string, clinicianId: string) {
  const outcome = await ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
    if (!(await findClientById(tx, ctx.scope, clientId))) return 'not_found' as const;
    if (!canAssignCaseload(ctx.scope)) return 'forbidden' as const;
    if (!(await endAssignment(tx, ctx.scope, clientId, clinicianId))) return 'not_assigned' as const;
    await writeAudit(tx, ctx.scope, ctx.audit, {
      action: 'client.clinician_unassigned',
      resourceType: 'client',
      resourceId: clientId,
      clientId,
      details: { clinicianId },
    });
    return 'done' as const;
  });
  if (outcome === 'not_found') throw notFound('Client');
  if (outcome === 'forbidden') throw refused();
  if (outcome === 'not_assigned') throw notFound('Care team member');
}
