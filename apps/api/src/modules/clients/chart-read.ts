import type { AppTransaction } from '@mentalspace/db';
import { notFound } from '../../app-error';
import { writeAudit } from '../../audit/audit-writer';
import type { ServiceContext } from '../../plugins/authenticate';
import { clientIsInReach } from './repo';

/**
 * Reads one part of a client's chart in one transaction with its audit event: the read when the
 * client is in the caller's reach, the denial (and a 404, as for a client that does not exist)
 * when not. Every module's chart reads go through here, so none can forget either half.
 */
export async function readChartPart<T>(
  ctx: ServiceContext,
  clientId: string,
  action: `client.${string}`,
  read: (tx: AppTransaction) => Promise<T>,
): Promise<T> {
  const result = await ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
    const inReach = await clientIsInReach(tx, ctx.scope, clientId);
    await writeAudit(tx, ctx.scope, ctx.audit, {
      action,
      resourceType: 'client',
      resourceId: clientId,
      clientId: inReach ? clientId : null,
      outcome: inReach ? 'success' : 'denied',
    });
    return inReach ? { value: await read(tx) } : null;
  });
  if (!result) throw notFound('Client');
  return result.value;
}
