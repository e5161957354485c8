import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  foreignKey,
  index,
  pgEnum,
  pgTable,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { id, practiceId, timestamps } from './columns';
import { practices } from './practices';
import { users } from './users';

export const clientStatus = pgEnum('client_status', ['active', 'discharged']);
export const messageChannel = pgEnum('message_channel', ['email', 'sms']);

export const clients = pgTable(
  'clients',
  {
    id: id(),
    practiceId: practiceId(),
    legalFirstName: text('legal_first_name').notNull(),
    legalLastName: text('legal_last_name').notNull(),
    preferredName: text('preferred_name'),
    pronouns: text('pronouns'),
    dateOfBirth: date('date_of_birth', { mode: 'string' }).notNull(),
    email: text('email'),
    phone: text('phone'),
    /** Social Security number, sealed (AES-256-GCM bound to `clients:ssn:<id>`); never read in clear by SQL. */
    ssn: text('ssn'),
    /** HMAC blind index of the SSN (keyed per practice) for exact-match lookup without decrypting. */
    ssnIndex: text('ssn_index'),
    /** Appointment reminders: only when the client opted in, over the channel they chose. */
    remindersOptIn: boolean('reminders_opt_in').notNull().default(false),
    reminderChannel: messageChannel('reminder_channel').notNull().default('email'),
    status: clientStatus('status').notNull().default('active'),
    /** Lower-cased "first last preferred" kept by the database for trigram search. */
    searchText: text('search_text')
      .notNull()
      .generatedAlwaysAs(
        sql`lower(legal_first_name || ' ' || legal_last_name || ' ' || coalesce(preferred_name, ''))`,
      ),
    ...timestamps(),
  },
  (t) => [
    foreignKey({ columns: [t.practiceId], foreignColumns: [practices.id] }),
    // (practice_id, id) is the target of composite foreign keys that keep children in one practice.
    unique('clients_practice_id_unique').on(t.practiceId, t.id),
    index('clients_practice_name_idx').on(t.practiceId, t.legalLastName, t.legalFirstName, t.id),
    index('clients_search_trgm_idx').using('gin', sql`${t.searchText} gin_trgm_ops`),
    index('clients_ssn_index_idx')
      .on(t.practiceId, t.ssnIndex)
      .where(sql`${t.ssnIndex} is not null`),
    // The index always describes the sealed value beside it: both or neither.
    check('clients_ssn_index_check', sql`(${t.ssn} is null) = (${t.ssnIndex} is null)`),
  ],
);

export const assignmentRole = pgEnum('assignment_role', ['primary', 'secondary']);

/** Which clinicians carry which clients: the caseload the policy module scopes reads to. */
export const clientClinicians = pgTable(
  'client_clinicians',
  {
    id: id(),
    practiceId: practiceId(),
    clientId: uuid('client_id').notNull(),
    clinicianId: uuid('clinician_id').notNull(),
    role: assignmentRole('role').notNull().default('primary'),
    startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' })
      .notNull()
      .default(sql`now()`),
    endedAt: timestamp('ended_at', { withTimezone: true, mode: 'date' }),
    ...timestamps(),
  },
  (t) => [
    foreignKey({ columns: [t.practiceId, t.clientId], foreignColumns: [clients.practiceId, clients.id] }),
    foreignKey({ columns: [t.clinicianId], foreignColumns: [users.id] }),
    uniqueIndex('client_clinicians_active_unique')
      .on(t.clientId, t.clinicianId)
      .where(sql`${t.endedAt} is null`),
    index('client_clinicians_clinician_idx')
      .on(t.clinicianId, t.clientId)
      .where(sql`${t.endedAt} is null`),
    check('client_clinicians_period_check', sql`${t.endedAt} is null or ${t.endedAt} >= ${t.startedAt}`),
  ],
);
