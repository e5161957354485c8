import { outboundMessages, type Database } from '@mentalspace/db';
import { and, eq, sql } from 'drizzle-orm';
import type { Transports } from './transports';

/** Delivery attempts before a message is marked failed (about a day with the backoff below). */
export const MAX_ATTEMPTS = 8;
const BATCH = 50;
/** A claimed batch is someone else's for this long; a crashed instance's batch is retried after. */
const LEASE_SECONDS = 120;

interface Claimed {
  id: string;
  channel: 'email' | 'sms';
  recipient: string;
  subject: string;
  body: string;
  attempts: number;
}

const backoffSeconds = (attempts: number) => Math.min(2 ** attempts * 30, 6 * 3600);

/** The error as it may be stored and logged: a class and code, never an address or a body. */
function describe(error: unknown) {
  if (error && typeof error === 'object') {
    const { code, responseCode } = error as { code?: unknown; responseCode?: unknown };
    if (typeof responseCode === 'number') return `smtp ${responseCode}`;
    if (typeof code === 'string') return code.slice(0, 40);
    if (error instanceof Error && error.message.startsWith('SMS provider answered')) return error.message;
  }
  return 'delivery failed';
}

/**
 * Delivers due outbox messages, across practices (hence unsafe: the owner connection). Each batch
 * is claimed with FOR UPDATE SKIP LOCKED and a lease, so instances never take the same message;
 * a message is marked sent after its transport accepted it. A crash between the two resends it
 * once the lease lapses (at least once, with a stable Message-ID), never loses it.
 */
export async function unsafeDispatchOutbox(database: Database, transports: Transports) {
  const claimed = await database.unsafeOwner
    .execute(sql`update ${outboundMessages} set locked_until = now() + make_interval(secs => ${LEASE_SECONDS}),
      attempts = attempts + 1
    where id in (select id from ${outboundMessages}
      where status = 'queued' and next_attempt_at <= now() and (locked_until is null or locked_until < now())
      order by next_attempt_at limit ${BATCH} for update skip locked)
    returning id, channel, recipient, subject, body, attempts`);
  const rows = (claimed as { rows: Claimed[] }).rows;
  let sent = 0;
  let failed = 0;
  for (const message of rows) {
    const transport = message.channel === 'email' ? transports.email : transports.sms;
    try {
      await transport.send(message);
      await database.unsafeOwner
        .update(outboundMessages)
        .set({
          status: 'sent',
          sentAt: new Date(),
          deliveredVia: transport.via,
          lockedUntil: null,
          lastError: null,
        })
        .where(eq(outboundMessages.id, message.id));
      sent++;
    } catch (error) {
      failed++;
      const final = message.attempts >= MAX_ATTEMPTS;
      await database.unsafeOwner
        .update(outboundMessages)
        .set({
          status: final ? 'failed' : 'queued',
          lastError: describe(error),
          lockedUntil: null,
          nextAttemptAt: sql`now() + make_interval(secs => ${backoffSeconds(message.attempts)})`,
        })
        .where(and(eq(outboundMessages.id, message.id), eq(outboundMessages.status, 'queued')));
    }
  }
  return { claimed: rows.length, sent, failed };
}
