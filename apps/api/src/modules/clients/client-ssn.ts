import { formatSsn, maskSsn } from '@mentalspace/contracts';
import { AppError, notFound } from '../../app-error';
import { writeAudit } from '../../audit/audit-writer';
import type { ServiceContext } from '../../plugins/authenticate';
import type { PhiCipher } from '../../security/encryption/phi-cipher';
import { canUseSsn } from '../../security/policy';
import { findClientsBySsnIndex, findSealedSsn, updateSsn } from './repo';

/** The AAD a client's SSN is sealed with (listed in `security/encryption/sealed-columns.ts`). */
const boundTo = (clientId: string) => `clients:ssn:${clientId}`;

/**
 * The blind index is keyed per practice as well: the same person registered in two practices
 * gets unrelated index values, so the column links nobody across tenants.
 */
const ssnIndex = (phi: PhiCipher, practiceId: string, digits: string) =>
  phi.blindIndex(digits, `client-ssn:${practiceId}`);

/** The sealed value and its index for a new or changed SSN (nine digits, already validated). */
export const sealSsn = (phi: PhiCipher, practiceId: string, clientId: string, digits: string) => ({
  ssn: phi.encrypt(digits, boundTo(clientId)),
  ssnIndex: ssnIndex(phi, practiceId, digits),
});

/** What a normal chart read shows: `***-**-6789`, or null when none is on file. */
export const maskedSsn = (phi: PhiCipher, clientId: string, sealed: string | null) =>
  sealed === null ? null : maskSsn(phi.decrypt(sealed, boundTo(clientId)));

const roleRefused = () => new AppError('forbidden', 'Your role does not work with SSNs');
const emergencyRefused = () =>
  new AppError('forbidden', 'Emergency access opens a chart for care, not for its SSN');

/**
 * Works on one client's SSN for a caller who reaches the chart (404 otherwise), whose role may use
 * SSNs and who reaches it other than by emergency access (403 otherwise). Every attempt, refused
 * ones too, is audited as `action` in the same transaction.
 */
async function withSsnAccess<T>(
  ctx: ServiceContext,
  clientId: string,
  action: 'client.ssn_reveal' | 'client.ssn_update',
  work: (
    tx: Parameters<Parameters<ServiceContext['database']['inPractice']>[1]>[0],
    sealed: string | null,
  ) => Promise<{ value: T; details?: Record<string, boolean> }>,
) {
  const outcome = await ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
    const found = await findSealedSsn(tx, ctx.scope, clientId);
    const allowed = found !== null && found.beyondEmergency && canUseSsn(ctx.scope);
    const done = allowed ? await work(tx, found.ssn) : null;
    await writeAudit(tx, ctx.scope, ctx.audit, {
      action,
      resourceType: 'client',
      resourceId: clientId,
      clientId: found ? clientId : null,
      outcome: done ? 'success' : 'denied',
      ...(done?.details ? { details: done.details } : {}),
    });
    if (!found) return 'not_found' as const;
    return done ? { value: done.value } : ('forbidden' as const);
  });
  if (outcome === 'not_found') throw notFound('Client');
  if (outcome === 'forbidden') throw canUseSsn(ctx.scope) ? emergencyRefused() : roleRefused();
  return outcome.value;
}

/** The full SSN, on an explicit request: its own audited action, never part of a chart read. */
export async function revealClientSsn(ctx: ServiceContext, phi: PhiCipher, clientId: string) {
  const sealed = await withSsnAccess(ctx, clientId, 'client.ssn_reveal', async (_tx, value) => ({ value }));
  // Decrypted after the commit: a value that fails to decrypt (moved, altered) still leaves the
  // attempt in the audit log.
  return { ssn: sealed === null ? null : formatSsn(phi.decrypt(sealed, boundTo(clientId))) };
}

/** Sets the client's SSN (nine digits, validated by the contract) or, with null, removes it. */
export async function setClientSsn(
  ctx: ServiceContext,
  phi: PhiCipher,
  clientId: string,
  digits: string | null,
) {
  await withSsnAccess(ctx, clientId, 'client.ssn_update', async (tx) => {
    await updateSsn(
      tx,
      ctx.scope,
      clientId,
      digits === null ? { ssn: null, ssnIndex: null } : sealSsn(phi, ctx.scope.practiceId, clientId, digits),
    );
    return { value: undefined, details: { removed: digits === null } };
  });
}

/**
 * The clients in reach holding this SSN, by its blind index: one indexed lookup, nothing
 * decrypted. The audit event records who looked and what was found, never the number.
 */
export async function findClientsBySsn(ctx: ServiceContext, phi: PhiCipher, digits: string) {
  const index = ssnIndex(phi, ctx.scope.practiceId, digits);
  const items = await ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
    const allowed = canUseSsn(ctx.scope);
    const found = allowed ? await findClientsBySsnIndex(tx, ctx.scope, index) : [];
    await writeAudit(tx, ctx.scope, ctx.audit, {
      action: 'client.ssn_lookup',
      resourceType: 'client',
      clientId: found.length === 1 ? found[0]!.id : null,
      outcome: allowed ? 'success' : 'denied',
      details: {
        matches: found.length,
        ...(found.length > 1 ? { clientIds: found.map((c) => c.id).join(',') } : {}),
      },
    });
    return allowed ? found : null;
  });
  if (!items) throw roleRefused();
  return { items };
}
