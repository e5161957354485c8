import {
  INSTRUMENTS,
  answerProblems,
  scoreMeasure,
  subscoresOf,
  type InstrumentId,
  type RecordMeasureBodySchema,
  type RiskFlag,
} from '@mentalspace/contracts';
import type { AppTransaction } from '@mentalspace/db';
import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import { AppError, notFound } from '../../app-error';
import { writeAudit } from '../../audit/audit-writer';
import type { ServiceContext } from '../../plugins/authenticate';
import type { PhiCipher } from '../../security/encryption/phi-cipher';
import { canReadClinicalContent, canWriteClinical } from '../../security/policy';
import { isClientInReach } from '../clients/service';
import {
  careTeamOf,
  insertResponse,
  insertRiskFlag,
  listResponses,
  listRiskFlags,
  notify,
  resolveRiskFlag,
} from './repo';
import { endCompletedOnce } from './assignment-repo';

const bound = {
  answers: (id: string) => `measure_responses:answers:${id}`,
  resolution: (id: string) => `risk_flags:resolution:${id}`,
};

/**
 * Scores and stores a completed measure; a risk answer (PHQ-9 item 9 above 0, a positive C-SSRS)
 * raises a flag on the chart and notifies the care team in the same transaction.
 */
export async function recordMeasure(
  ctx: ServiceContext,
  phi: PhiCipher,
  clientId: string,
  body: z.output<typeof RecordMeasureBodySchema>,
  source: 'office' | 'portal',
) {
  const instrument = INSTRUMENTS[body.instrumentId];
  const problems = answerProblems(instrument, body.answers);
  if (problems.length) {
    throw new AppError('validation_failed', `The ${instrument.shortName} is not complete`, {
      fieldErrors: problems.map((p) => ({ field: `body.answers.${p.key}`, message: p.message })),
    });
  }
  const score = scoreMeasure(instrument, body.answers);
  const id = uuidv7();
  const notified = await ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
    if (!(await isClientInReach(tx, ctx, clientId))) throw notFound('Client');
    if (source === 'office' && !canWriteClinical(ctx.scope)) {
      throw new AppError('forbidden', 'Your role does not record measures');
    }
    await insertResponse(tx, ctx.scope, {
      id,
      clientId,
      instrumentId: instrument.id,
      instrumentVersion: instrument.version,
      answers: phi.encrypt(JSON.stringify(body.answers), bound.answers(id)),
      total: score.total,
      severity: score.severity,
      riskLevel: score.riskLevel,
      source,
      administeredBy: source === 'office' ? ctx.scope.actorUserId : null,
    });
    await writeAudit(tx, ctx.scope, ctx.audit, {
      action: 'measure.recorded',
      resourceType: 'measure_response',
      resourceId: id,
      clientId,
      details: { instrument: instrument.id, source },
    });
    await endCompletedOnce(tx, ctx.scope, clientId, instrument.id);
    return score.riskReason
      ? raiseRiskFlag(ctx, tx, clientId, id, instrument.shortName, score.riskLevel, score.riskReason)
      : [];
  });
  // The care team's inboxes changed: open screens refetch at once.
  ctx.realtime?.toUsers(notified, 'notifications.changed', {});
  return {
    id,
    instrumentId: instrument.id,
    instrumentVersion: instrument.version,
    total: score.total,
    severity: score.severity,
    subscores: score.subscores,
    riskLevel: score.riskLevel,
    answers: body.answers,
    source,
    completedAt: new Date().toISOString(),
  };
}

async function raiseRiskFlag(
  ctx: ServiceContext,
  tx: AppTransaction,
  clientId: string,
  measureResponseId: string,
  instrumentName: string,
  level: string,
  reason: string,
) {
  const flagId = await insertRiskFlag(tx, ctx.scope, {
    clientId,
    kind: 'measure',
    level,
    reason,
    measureResponseId,
  });
  const recipients = await careTeamOf(tx, ctx.scope, clientId);
  // Minimum necessary: the stored notice names neither the client nor the answer that raised
  // it; the inbox adds the name for readers who reach the chart, where the flag's reason is.
  await notify(tx, ctx.scope, recipients, {
    kind: 'risk_flag',
    clientId,
    message: `A ${instrumentName} answer raised a ${level} risk flag: review it on the chart`,
  });
  await writeAudit(tx, ctx.scope, ctx.audit, {
    action: 'risk_flag.raised',
    resourceType: 'risk_flag',
    resourceId: flagId,
    clientId,
    details: { level, notified: recipients.length },
  });
  return recipients;
}

/** A client's measures, for the trend chart; answers only for roles that read clinical content. */
export async function listMeasures(ctx: ServiceContext, phi: PhiCipher, clientId: string) {
  const rows = await ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
    const client = await isClientInReach(tx, ctx, clientId);
    const allowed = client && (canReadClinicalContent(ctx.scope) || ctx.scope.actorRole === 'client');
    await writeAudit(tx, ctx.scope, ctx.audit, {
      action: 'client.measures_read',
      resourceType: 'client',
      resourceId: clientId,
      clientId: client ? clientId : null,
      outcome: allowed ? 'success' : 'denied',
    });
    if (!client) return null;
    return allowed ? listResponses(tx, ctx.scope, clientId) : ('forbidden' as const);
  });
  if (!rows) throw notFound('Client');
  if (rows === 'forbidden') throw new AppError('forbidden', 'Your role does not see measure answers');
  return {
    items: rows.map((r) => {
      const answers = JSON.parse(phi.decrypt(r.answers, bound.answers(r.id))) as Record<string, number>;
      const instrument = INSTRUMENTS[r.instrumentId as InstrumentId];
      return {
        ...r,
        instrumentId: instrument.id,
        riskLevel: r.riskLevel as 'none',
        answers,
        // Subscales are sums of the sealed answers, so they are derived here rather than stored.
        subscores: subscoresOf(instrument, answers),
        completedAt: r.completedAt.toISOString(),
      };
    }),
  };
}

type FlagRow = Awaited<ReturnType<typeof listRiskFlags>>[number];
const flagView = (phi: PhiCipher, clinical: boolean, r: FlagRow): RiskFlag => ({
  ...r,
  level: r.level as RiskFlag['level'],
  raisedAt: r.raisedAt.toISOString(),
  resolvedAt: r.resolvedAt?.toISOString() ?? null,
  resolution: clinical && r.resolution ? phi.decrypt(r.resolution, bound.resolution(r.id)) : null,
});

/** Risk flags are shown to everyone who opens the chart (front desk must know, too). */
export async function listFlags(ctx: ServiceContext, phi: PhiCipher, clientId: string) {
  const rows = await ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
    const client = await isClientInReach(tx, ctx, clientId);
    await writeAudit(tx, ctx.scope, ctx.audit, {
      action: 'client.risk_flags_read',
      resourceType: 'client',
      resourceId: clientId,
      clientId: client ? clientId : null,
      outcome: client ? 'success' : 'denied',
    });
    return client ? listRiskFlags(tx, ctx.scope, clientId) : null;
  });
  if (!rows) throw notFound('Client');
  return { items: rows.map((r) => flagView(phi, canReadClinicalContent(ctx.scope), r)) };
}

export async function resolveFlag(
  ctx: ServiceContext,
  phi: PhiCipher,
  clientId: string,
  flagId: string,
  resolution: string,
) {
  await ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
    if (!(await isClientInReach(tx, ctx, clientId))) throw notFound('Client');
    if (!canWriteClinical(ctx.scope)) throw new AppError('forbidden', 'Only clinicians resolve risk flags');
    const done = await resolveRiskFlag(tx, ctx.scope, clientId, flagId, (id) =>
      phi.encrypt(resolution, bound.resolution(id)),
    );
    if (!done) throw notFound('Active risk flag');
    await writeAudit(tx, ctx.scope, ctx.audit, {
      action: 'risk_flag.resolved',
      resourceType: 'risk_flag',
      resourceId: flagId,
      clientId,
    });
  });
  return listFlags(ctx, phi, clientId);
}
