import type { ClientDetail, CreateClientBody } from '@mentalspace/contracts';
import { AppError } from '../../app-error';
import { writeAudit } from '../../audit/audit-writer';
import { v7 as uuidv7 } from 'uuid';
import type { ServiceContext } from '../../plugins/authenticate';
import type { PhiCipher } from '../../security/encryption/phi-cipher';
import { canCreateClients, canUseSsn } from '../../security/policy';
import { isActiveClinician } from '../staff/service';
import { sealSsn } from './client-ssn';
import { insertAssignment, insertClient } from './repo';
import { getClient } from './service';

/**
 * Registers a new client with a primary clinician. The client row, the caseload assignment and
 * the audit event commit together or not at all. An SSN given at registration is sealed to the
 * new row's id, which is therefore chosen here rather than by the database.
 */
export async function createClient(
  ctx: ServiceContext,
  phi: PhiCipher,
  body: CreateClientBody,
): Promise<ClientDetail> {
  if (!canCreateClients(ctx.scope)) throw new AppError('forbidden', 'Your role cannot register clients');
  if (body.ssn && !canUseSsn(ctx.scope)) throw new AppError('forbidden', 'Your role does not work with SSNs');
  const clinical = ctx.scope.actorRole === 'clinician' || ctx.scope.actorRole === 'supervisor';
  const primaryClinicianId = body.primaryClinicianId ?? (clinical ? ctx.scope.actorUserId : undefined);
  if (!primaryClinicianId) {
    throw new AppError('validation_failed', 'body.primaryClinicianId is required', {
      fieldErrors: [{ field: 'body.primaryClinicianId', message: 'is required' }],
    });
  }
  if (clinical && primaryClinicianId !== ctx.scope.actorUserId) {
    // A clinician may only register clients into their own caseload.
    throw new AppError('forbidden', 'Clinicians register clients into their own caseload');
  }

  const id = await ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
    if (!(await isActiveClinician(tx, ctx, primaryClinicianId))) {
      throw new AppError(
        'validation_failed',
        'body.primaryClinicianId is not an active clinician of this practice',
        {
          fieldErrors: [
            { field: 'body.primaryClinicianId', message: 'is not an active clinician of this practice' },
          ],
        },
      );
    }
    const clientId = uuidv7();
    await insertClient(tx, ctx.scope, {
      id: clientId,
      ...(body.ssn ? sealSsn(phi, ctx.scope.practiceId, clientId, body.ssn) : {}),
      legalFirstName: body.legalFirstName,
      legalLastName: body.legalLastName,
      preferredName: body.preferredName ?? null,
      pronouns: body.pronouns ?? null,
      dateOfBirth: body.dateOfBirth,
      email: body.email ?? null,
      phone: body.phone ?? null,
    });
    await insertAssignment(tx, ctx.scope, { clientId, clinicianId: primaryClinicianId, role: 'primary' });
    await writeAudit(tx, ctx.scope, ctx.audit, {
      action: 'client.create',
      resourceType: 'client',
      resourceId: clientId,
      clientId,
      details: { primaryClinicianId, withSsn: Boolean(body.ssn) },
    });
    return clientId;
  });
  return getClient(ctx, phi, id);
}
