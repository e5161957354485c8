import { sql } from 'drizzle-orm';
import { check, foreignKey, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { clients } from './clients';
import { id, practiceId, timestamps } from './columns';
import { users } from './users';

/**
 * Secure messages between a client (portal) and their care team: one thread per client. The body
 * is sealed (AES-GCM, bound to `secure_messages:body:<id>`). Read state is per side: the client
 * reads the care team's messages, and any member of the care team reading the client's messages
 * marks them read for the team (a shared inbox; who read is in the audit log).
 */
export const secureMessages = pgTable(
  'secure_messages',
  {
    id: id(),
    practiceId: practiceId(),
    clientId: uuid('client_id').notNull(),
    senderKind: text('sender_kind', { enum: ['client', 'staff'] }).notNull(),
    /** The staff author; null when the client wrote it. */
    senderUserId: uuid('sender_user_id'),
    body: text('body').notNull(),
    readByClientAt: timestamp('read_by_client_at', { withTimezone: true, mode: 'date' }),
    readByStaffAt: timestamp('read_by_staff_at', { withTimezone: true, mode: 'date' }),
    ...timestamps(),
  },
  (t) => [
    foreignKey({ columns: [t.practiceId, t.clientId], foreignColumns: [clients.practiceId, clients.id] }),
    foreignKey({ columns: [t.senderUserId], foreignColumns: [users.id] }),
    check(
      'secure_messages_sender_check',
      sql`(${t.senderKind} = 'client' and ${t.senderUserId} is null) or (${t.senderKind} = 'staff' and ${t.senderUserId} is not null)`,
    ),
    // A thread, newest last, paged by keyset.
    index('secure_messages_thread_idx').on(t.practiceId, t.clientId, t.createdAt, t.id),
    // The care team's unread work queue.
    index('secure_messages_unread_by_staff_idx')
      .on(t.practiceId, t.clientId)
      .where(sql`${t.senderKind} = 'client' and ${t.readByStaffAt} is null`),
  ],
);
