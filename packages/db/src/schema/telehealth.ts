import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  foreignKey,
  index,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { id, practiceId, timestamps } from './columns';
import { appointments } from './appointments';
import { clients } from './clients';
import { users } from './users';

export const telehealthSessionStatus = pgEnum('telehealth_session_status', ['open', 'live', 'ended']);
export const telehealthParticipantState = pgEnum('telehealth_participant_state', [
  'waiting',
  'admitted',
  'removed',
]);

/**
 * The video session of one telehealth appointment. Opened by the first to arrive; live from the
 * clinician's first admission (the actual start); ended by the clinician (the actual end). Media
 * never passes through the server: it only relays the peers' signalling.
 */
export const telehealthSessions = pgTable(
  'telehealth_sessions',
  {
    id: id(),
    practiceId: practiceId(),
    appointmentId: uuid('appointment_id').notNull(),
    status: telehealthSessionStatus('status').notNull().default('open'),
    startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }),
    endedAt: timestamp('ended_at', { withTimezone: true, mode: 'date' }),
    endedBy: uuid('ended_by'),
    ...timestamps(),
  },
  (t) => [
    foreignKey({ columns: [t.appointmentId], foreignColumns: [appointments.id] }),
    uniqueIndex('telehealth_sessions_appointment_key').on(t.appointmentId),
    check(
      'telehealth_sessions_times_check',
      sql`${t.endedAt} is null or ${t.startedAt} is null or ${t.endedAt} >= ${t.startedAt}`,
    ),
  ],
);

/**
 * Who is in a session: the clinician (host) and the appointment's clients. A client waits until
 * the host admits them; only invited people ever get a row. A client who arrived by a join link
 * holds a pass (its hash here) in a cookie of that browser: the link itself is spent.
 */
export const telehealthParticipants = pgTable(
  'telehealth_participants',
  {
    id: id(),
    practiceId: practiceId(),
    sessionId: uuid('session_id').notNull(),
    role: text('role', { enum: ['host', 'client'] }).notNull(),
    userId: uuid('user_id'),
    clientId: uuid('client_id'),
    via: text('via', { enum: ['staff', 'portal', 'link'] }).notNull(),
    state: telehealthParticipantState('state').notNull(),
    /** The client said they join from home: place of service 10 instead of 02. */
    atHome: boolean('at_home'),
    passHash: text('pass_hash'),
    joinedAt: timestamp('joined_at', { withTimezone: true, mode: 'date' })
      .notNull()
      .default(sql`now()`),
    admittedAt: timestamp('admitted_at', { withTimezone: true, mode: 'date' }),
    admittedBy: uuid('admitted_by'),
  },
  (t) => [
    foreignKey({ columns: [t.sessionId], foreignColumns: [telehealthSessions.id] }),
    foreignKey({ columns: [t.userId], foreignColumns: [users.id] }),
    foreignKey({ columns: [t.practiceId, t.clientId], foreignColumns: [clients.practiceId, clients.id] }),
    check(
      'telehealth_participants_who_check',
      sql`(${t.role} = 'host' and ${t.userId} is not null and ${t.clientId} is null) or (${t.role} = 'client' and ${t.clientId} is not null and ${t.userId} is null)`,
    ),
    uniqueIndex('telehealth_participants_user_key').on(t.sessionId, t.userId),
    uniqueIndex('telehealth_participants_client_key').on(t.sessionId, t.clientId),
    uniqueIndex('telehealth_participants_pass_key').on(t.passHash),
  ],
);

/** Single-use join links sent to clients (with the reminder or on request); only the hash is kept. */
export const telehealthJoinLinks = pgTable(
  'telehealth_join_links',
  {
    id: id(),
    practiceId: practiceId(),
    appointmentId: uuid('appointment_id').notNull(),
    clientId: uuid('client_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true, mode: 'date' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' })
      .notNull()
      .default(sql`now()`),
  },
  (t) => [
    foreignKey({ columns: [t.appointmentId], foreignColumns: [appointments.id] }),
    foreignKey({ columns: [t.practiceId, t.clientId], foreignColumns: [clients.practiceId, clients.id] }),
    uniqueIndex('telehealth_join_links_token_key').on(t.tokenHash),
    index('telehealth_join_links_appointment_idx').on(t.appointmentId),
  ],
);
