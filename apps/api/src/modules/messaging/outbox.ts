import { outboundMessages, type AppTransaction } from '@mentalspace/db';
import type { AccessScope } from '../../security/access-scope';

export interface OutgoingMessage {
  channel: 'email' | 'sms';
  recipient: string;
  subject: string;
  body: string;
  /** What sends it, for the admins' outbox view: 'appointment_reminder', 'waitlist_offer', … */
  purpose: string;
  /** The same key twice is sent once: e.g. `reminder:<appointment>:<offset>`. */
  dedupeKey: string;
}

/**
 * Queues messages in the caller's transaction: they exist (and will be delivered) exactly when
 * the decision to send them commits. A repeated dedupe key is ignored.
 */
export async function enqueueMessages(
  tx: AppTransaction,
  scope: Pick<AccessScope, 'practiceId'>,
  messages: OutgoingMessage[],
) {
  if (messages.length === 0) return 0;
  const rows = await tx
    .insert(outboundMessages)
    .values(messages.map((m) => ({ ...m, practiceId: scope.practiceId })))
    .onConflictDoNothing()
    .returning({ id: outboundMessages.id });
  return rows.length;
}
