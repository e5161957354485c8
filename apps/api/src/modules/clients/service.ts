import type { ClientDetail, ClientList, ListClientsQuery } from '@mentalspace/contracts';
import { AppError, notFound } from '../../app-error';
import { writeAudit } from '../../audit/audit-writer';
import type { ServiceContext } from '../../plugins/authenticate';
import type { PhiCipher } from '../../security/encryption/phi-cipher';
import { maskedSsn } from './client-ssn';
import { decodeNameCursor, encodeNameCursor } from './cursor';
import {
  clientIsInReach,
  clientsInReach,
  listClients,
  readClientCall,
  updateReminderPreference,
  type ClientHeaderRow,
} from './repo';

/** A page of the clients the caller may reach, by name, optionally filtered by a name search. */
export async function searchClients(ctx: ServiceContext, query: ListClientsQuery): Promise<ClientList> {
  const after = query.cursor ? decodeNameCursor(query.cursor) : undefined;
  return ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
    const rows = await listClients(tx, ctx.scope, { ...query, ...(after ? { after } : {}) });
    const items = rows.slice(0, query.limit);
    const last = items[items.length - 1];
    await writeAudit(tx, ctx.scope, ctx.audit, {
      action: query.q ? 'client.search' : 'client.list',
      resourceType: 'client',
      details: { returned: items.length },
    });
    return {
      items,
      nextCursor:
        rows.length > query.limit && last
          ? encodeNameCursor([last.legalLastName, last.legalFirstName, last.id])
          : null,
    };
  });
}

/**
 * One client's chart header. A client outside the caller's reach is answered exactly like one
 * that does not exist (404), and the attempt is audited as denied. The SSN shows its last four
 * digits only; the full number takes the separate, audited reveal. One round trip to the
 * database (DESIGN's budget for the audited read): the read and its event commit together.
 */
export async function getClient(ctx: ServiceContext, phi: PhiCipher, id: string): Promise<ClientDetail> {
  const [row] = await ctx.database.callRequestFunction<{ header: ClientHeaderRow | null }>(
    readClientCall(ctx.scope, ctx.audit, id),
  );
  if (!row?.header) throw notFound('Client');
  const { ssn, ...shown } = row.header;
  return { ...shown, ssnMasked: maskedSsn(phi, id, ssn) };
}

/** For other modules, inside their transaction: may the scope reach this client? */
export async function isClientInReach(
  tx: Parameters<typeof clientIsInReach>[0],
  ctx: Pick<ServiceContext, 'scope'>,
  clientId: string,
): Promise<boolean> {
  return clientIsInReach(tx, ctx.scope, clientId);
}

/**
 * The reach rule as a where-clause on `clients`, for other modules' queries over chart records
 * (notes join it, so a note is reached exactly when its client is).
 */
export function chartReach(scope: Parameters<typeof clientsInReach>[0]) {
  return clientsInReach(scope);
}

/**
 * Records the client's consent to appointment reminders and their channel. The channel needs an
 * address: SMS without a phone number (or email without an address) is refused.
 */
export async function setReminderPreference(
  ctx: ServiceContext,
  phi: PhiCipher,
  id: string,
  body: { remindersOptIn: boolean; reminderChannel: 'email' | 'sms' },
) {
  const found = await ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
    const updated = await updateReminderPreference(tx, ctx.scope, id, body);
    if (
      updated &&
      body.remindersOptIn &&
      !(body.reminderChannel === 'email' ? updated.email : updated.phone)
    ) {
      throw new AppError(
        'validation_failed',
        `The client has no ${body.reminderChannel === 'email' ? 'e-mail address' : 'phone number'} for reminders`,
        {
          fieldErrors: [{ field: 'body.reminderChannel', message: 'has no address on the chart' }],
        },
      );
    }
    await writeAudit(tx, ctx.scope, ctx.audit, {
      action: 'client.reminder_preference',
      resourceType: 'client',
      resourceId: id,
      clientId: updated ? id : null,
      outcome: updated ? 'success' : 'denied',
      details: { optIn: body.remindersOptIn, channel: body.reminderChannel },
    });
    return updated !== null;
  });
  if (!found) throw notFound('Client');
  return getClient(ctx, phi, id);
}

export { readChartPart } from './chart-read';
