import { outboundMessages, type AppTransaction } from '@mentalspace/db';
import { and, desc, eq } from 'drizzle-orm';
import type { AccessScope } from '../../security/access-scope';

export async function listOutbox(
  tx: AppTransaction,
  scope: AccessScope,
  filter: { channel?: 'email' | 'sms' | undefined; limit: number },
) {
  return tx
    .select()
    .from(outboundMessages)
    .where(
      and(
        eq(outboundMessages.practiceId, scope.practiceId),
        filter.channel ? eq(outboundMessages.channel, filter.channel) : undefined,
      ),
    )
    .orderBy(desc(outboundMessages.createdAt), desc(outboundMessages.id))
    .limit(filter.limit);
}
