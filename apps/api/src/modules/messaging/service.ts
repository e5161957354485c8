import type { OutboundMessage } from '@mentalspace/contracts';
import { AppError } from '../../app-error';
import { writeAudit } from '../../audit/audit-writer';
import type { ServiceContext } from '../../plugins/authenticate';
import { canConfigureScheduling } from '../../security/policy';
import { listOutbox } from './repo';

/**
 * The local outbox: what the practice sent (or, in the embedded default, would have sent) by
 * email and SMS, newest first. Owners and admins only; reading it is audited.
 */
export async function readOutbox(
  ctx: ServiceContext,
  filter: { channel?: 'email' | 'sms' | undefined; limit: number },
): Promise<{ items: OutboundMessage[] }> {
  if (!canConfigureScheduling(ctx.scope))
    throw new AppError('forbidden', 'Owners and admins read the outbox');
  const rows = await ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
    const found = await listOutbox(tx, ctx.scope, filter);
    await writeAudit(tx, ctx.scope, ctx.audit, {
      action: 'outbox.list',
      resourceType: 'outbound_message',
      details: { returned: found.length },
    });
    return found;
  });
  return {
    items: rows.map((m) => ({
      id: m.id,
      channel: m.channel,
      recipient: m.recipient,
      subject: m.subject,
      body: m.body,
      purpose: m.purpose,
      status: m.status,
      deliveredVia: m.deliveredVia,
      attempts: m.attempts,
      createdAt: m.createdAt.toISOString(),
      sentAt: m.sentAt?.toISOString() ?? null,
    })),
  };
}
