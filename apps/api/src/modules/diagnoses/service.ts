import type { AddDiagnosisBodySchema, UpdateDiagnosisBodySchema } from '@mentalspace/contracts';
import type { z } from 'zod';
import { integrityViolation } from '../../database-errors';
import { AppError, notFound } from '../../app-error';
import { writeAudit } from '../../audit/audit-writer';
import type { ServiceContext } from '../../plugins/authenticate';
import { canReadDiagnoses, canWriteClinical } from '../../security/policy';
import { isClientInReach } from '../clients/service';
import {
  codeExists,
  findByCode,
  findForClient,
  insertDiagnosis,
  listForClient,
  nextRank,
  searchCodes,
  shiftRanks,
  updateDiagnosis,
} from './repo';

type Row = Awaited<ReturnType<typeof listForClient>>[number];
const view = (r: Row) => ({
  ...r,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

/** ICD-10-CM lookup by code or words (reference data: not PHI, not audited). */
export async function searchDiagnosisCodes(ctx: ServiceContext, q: string, limit: number) {
  const items = await ctx.database.inPractice(ctx.scope.practiceId, (tx) => searchCodes(tx, q, limit));
  return { items };
}

export async function listDiagnoses(ctx: ServiceContext, clientId: string) {
  const rows = await ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
    const client = canReadDiagnoses(ctx.scope) ? await isClientInReach(tx, ctx, clientId) : null;
    await writeAudit(tx, ctx.scope, ctx.audit, {
      action: 'client.diagnoses_read',
      resourceType: 'client',
      resourceId: clientId,
      clientId: client ? clientId : null,
      outcome: client ? 'success' : 'denied',
    });
    return client ? listForClient(tx, ctx.scope, clientId) : null;
  });
  if (!rows) throw notFound('Client');
  return { items: rows.map(view) };
}

const unknownCode = (code: string) =>
  new AppError('validation_failed', `${code} is not an ICD-10-CM code we know`, {
    fieldErrors: [{ field: 'body.code', message: 'is not a known ICD-10-CM code' }],
  });

export async function addDiagnosis(
  ctx: ServiceContext,
  clientId: string,
  body: z.output<typeof AddDiagnosisBodySchema>,
) {
  try {
    await ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
      if (!(await isClientInReach(tx, ctx, clientId))) throw notFound('Client');
      if (!canWriteClinical(ctx.scope))
        throw new AppError('forbidden', 'Your role does not record diagnoses');
      if (!(await codeExists(tx, body.code))) throw unknownCode(body.code);
      if (await findByCode(tx, ctx.scope, clientId, body.code)) {
        throw new AppError(
          'conflict',
          `${body.code} is already on this client’s diagnoses; change its status instead`,
        );
      }
      const principal = body.principal && body.status !== 'resolved';
      if (principal) await shiftRanks(tx, ctx.scope, clientId, null);
      const id = await insertDiagnosis(tx, ctx.scope, {
        clientId,
        code: body.code,
        status: body.status,
        onsetDate: body.onsetDate ?? null,
        rank: principal ? 1 : await nextRank(tx, ctx.scope, clientId),
      });
      await writeAudit(tx, ctx.scope, ctx.audit, {
        action: 'client.diagnosis_added',
        resourceType: 'diagnosis',
        resourceId: id,
        clientId,
        details: { code: body.code, status: body.status, principal },
      });
    });
  } catch (error) {
    if (integrityViolation(error)?.constraint === 'client_diagnoses_code_unique') {
      throw new AppError('conflict', 'This code is already on the client’s diagnoses');
    }
    throw error;
  }
  return listDiagnoses(ctx, clientId);
}

export async function changeDiagnosis(
  ctx: ServiceContext,
  clientId: string,
  diagnosisId: string,
  body: z.output<typeof UpdateDiagnosisBodySchema>,
) {
  await ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
    if (!(await isClientInReach(tx, ctx, clientId))) throw notFound('Client');
    if (!canWriteClinical(ctx.scope)) throw new AppError('forbidden', 'Your role does not record diagnoses');
    const current = await findForClient(tx, ctx.scope, clientId, diagnosisId);
    if (!current) throw notFound('Diagnosis');
    if (body.principal && (body.status ?? current.status) === 'resolved') {
      throw new AppError('validation_failed', 'A resolved diagnosis cannot be principal', {
        fieldErrors: [{ field: 'body.principal', message: 'cannot be set on a resolved diagnosis' }],
      });
    }
    if (body.principal) await shiftRanks(tx, ctx.scope, clientId, diagnosisId);
    await updateDiagnosis(tx, ctx.scope, diagnosisId, {
      status: body.status,
      onsetDate: body.onsetDate,
      rank: body.principal ? 1 : undefined,
    });
    await writeAudit(tx, ctx.scope, ctx.audit, {
      action: 'client.diagnosis_changed',
      resourceType: 'diagnosis',
      resourceId: diagnosisId,
      clientId,
      details: { status: body.status ?? null, principal: body.principal ?? false },
    });
  });
  return listDiagnoses(ctx, clientId);
}
