import { createHash } from 'node:crypto';
import {
  CONSENT_DOCUMENTS,
  type Consent,
  type ConsentDocumentId,
  type ConsentStatus,
  type SignConsentBodySchema,
} from '@mentalspace/contracts';
import type { z } from 'zod';
import { AppError, notFound } from '../../app-error';
import { writeAudit } from '../../audit/audit-writer';
import type { ServiceContext } from '../../plugins/authenticate';
import { canCreateClients } from '../../security/policy';
import { isClientInReach, readChartPart } from '../clients/service';
import { insertConsent, listConsents, revokeConsent, type ConsentRow } from './repo';

/** SHA-256 of a document's exact text: what the signature covers. */
export const documentHash = (documentId: ConsentDocumentId) =>
  createHash('sha256').update(CONSENT_DOCUMENTS[documentId].text).digest('hex');

const view = (r: ConsentRow): Consent => ({
  ...r,
  documentId: r.documentId as ConsentDocumentId,
  signerRelationship: r.signerRelationship as Consent['signerRelationship'],
  signedAt: r.signedAt.toISOString(),
  revokedAt: r.revokedAt?.toISOString() ?? null,
});

function status(rows: ConsentRow[]): ConsentStatus {
  const history = rows.map(view);
  return {
    documents: (Object.keys(CONSENT_DOCUMENTS) as ConsentDocumentId[]).map((documentId) => {
      const doc = CONSENT_DOCUMENTS[documentId];
      const signed =
        history.find(
          (c) => c.documentId === documentId && c.documentVersion === doc.version && !c.revokedAt,
        ) ?? null;
      return { documentId, title: doc.title, version: doc.version, signed };
    }),
    history,
  };
}

/** A client's consents, current and past; the read (or the denial) is audited. */
export async function getConsents(ctx: ServiceContext, clientId: string) {
  return status(
    await readChartPart(ctx, clientId, 'client.consents_read', (tx) => listConsents(tx, ctx.scope, clientId)),
  );
}

/**
 * Records a signature of the current version of a document: in the office (staff witness) or
 * from the portal (the client). The hash of the exact text, the time, address and browser are kept.
 */
export async function signConsent(
  ctx: ServiceContext,
  clientId: string,
  body: z.output<typeof SignConsentBodySchema>,
  method: 'portal' | 'in_office',
) {
  const doc = CONSENT_DOCUMENTS[body.documentId];
  if (body.documentVersion !== doc.version) {
    throw new AppError('conflict', `${doc.title} has a newer version; read it again before signing`);
  }
  await ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
    if (!(await isClientInReach(tx, ctx, clientId))) throw notFound('Client');
    if (method === 'in_office' && !canCreateClients(ctx.scope)) {
      throw new AppError('forbidden', 'Your role does not record consents');
    }
    const id = await insertConsent(tx, ctx.scope, {
      clientId,
      documentId: body.documentId,
      documentVersion: doc.version,
      documentHash: documentHash(body.documentId),
      signerName: body.signerName,
      signerRelationship: body.signerRelationship,
      method,
      recordedBy: method === 'in_office' ? ctx.scope.actorUserId : null,
      ip: ctx.audit.ip ?? null,
      userAgent: ctx.audit.userAgent?.slice(0, 512) ?? null,
    });
    await writeAudit(tx, ctx.scope, ctx.audit, {
      action: 'consent.signed',
      resourceType: 'consent',
      resourceId: id,
      clientId,
      details: { document: body.documentId, version: doc.version, method },
    });
  });
  return getConsents(ctx, clientId);
}

export async function withdrawConsent(ctx: ServiceContext, clientId: string, consentId: string) {
  await ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
    if (!(await isClientInReach(tx, ctx, clientId))) throw notFound('Client');
    if (!canCreateClients(ctx.scope)) throw new AppError('forbidden', 'Your role does not record consents');
    if (!(await revokeConsent(tx, ctx.scope, clientId, consentId))) throw notFound('Signed consent');
    await writeAudit(tx, ctx.scope, ctx.audit, {
      action: 'consent.revoked',
      resourceType: 'consent',
      resourceId: consentId,
      clientId,
    });
  });
  return getConsents(ctx, clientId);
}
