import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  foreignKey,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  time,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { id, practiceId, timestamps } from './columns';
import {
  appointmentKind,
  appointmentModality,
  appointments,
  appointmentStatus,
  cancellationBy,
} from './appointments';
import { clients, messageChannel } from './clients';
import { locations, practices } from './practices';
import { users } from './users';

/**
 * What the practice books: a default duration, a CPT code and where it happens. Types marked
 * bookable online appear in the portal's self-booking.
 */
export const appointmentTypes = pgTable(
  'appointment_types',
  {
    id: id(),
    practiceId: practiceId(),
    name: text('name').notNull(),
    durationMinutes: integer('duration_minutes').notNull(),
    cptCode: text('cpt_code'),
    modality: appointmentModality('modality').notNull(),
    kind: appointmentKind('kind').notNull().default('individual'),
    bookableOnline: boolean('bookable_online').notNull().default(false),
    active: boolean('active').notNull().default(true),
    ...timestamps(),
  },
  (t) => [
    foreignKey({ columns: [t.practiceId], foreignColumns: [practices.id] }),
    unique('appointment_types_practice_id_key').on(t.practiceId, t.id),
    unique('appointment_types_name_key').on(t.practiceId, t.name),
    check('appointment_types_duration_check', sql`${t.durationMinutes} between 5 and 1440`),
  ],
);

/** A room at a location; the exclusion constraint keeps two live sessions out of one room. */
export const rooms = pgTable(
  'rooms',
  {
    id: id(),
    practiceId: practiceId(),
    locationId: uuid('location_id').notNull(),
    name: text('name').notNull(),
    active: boolean('active').notNull().default(true),
    ...timestamps(),
  },
  (t) => [
    foreignKey({ columns: [t.locationId], foreignColumns: [locations.id] }),
    unique('rooms_name_key').on(t.practiceId, t.locationId, t.name),
  ],
);

/**
 * A recurring series: an RFC 5545 RRULE applied to a wall-clock start in an IANA zone, so that
 * daylight-saving changes never move the session. Occurrences are materialized as appointment
 * rows up to `materialized_until`; the rolling job extends the horizon.
 */
export const appointmentSeries = pgTable(
  'appointment_series',
  {
    id: id(),
    practiceId: practiceId(),
    clinicianId: uuid('clinician_id').notNull(),
    clientId: uuid('client_id').notNull(),
    appointmentTypeId: uuid('appointment_type_id'),
    rrule: text('rrule').notNull(),
    timeZone: text('time_zone').notNull(),
    /** The first occurrence's local start, e.g. 2026-12-01T09:00 (no zone: read in time_zone). */
    localStart: text('local_start').notNull(),
    durationMinutes: integer('duration_minutes').notNull(),
    modality: appointmentModality('modality').notNull(),
    kind: appointmentKind('kind').notNull().default('individual'),
    locationId: uuid('location_id'),
    roomId: uuid('room_id'),
    serviceCode: text('service_code'),
    materializedUntil: timestamp('materialized_until', { withTimezone: true, mode: 'date' }).notNull(),
    /** Set when the series was cut short ("this and following") or cancelled as a whole. */
    endedAt: timestamp('ended_at', { withTimezone: true, mode: 'date' }),
    createdBy: uuid('created_by').notNull(),
    ...timestamps(),
  },
  (t) => [
    foreignKey({ columns: [t.practiceId, t.clientId], foreignColumns: [clients.practiceId, clients.id] }),
    foreignKey({ columns: [t.clinicianId], foreignColumns: [users.id] }),
    index('appointment_series_horizon_idx')
      .on(t.materializedUntil)
      .where(sql`${t.endedAt} is null`),
  ],
);

/** The other clients of a couple, family or group appointment (the primary is on the row). */
export const appointmentParticipants = pgTable(
  'appointment_participants',
  {
    practiceId: practiceId(),
    appointmentId: uuid('appointment_id').notNull(),
    clientId: uuid('client_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' })
      .notNull()
      .default(sql`now()`),
  },
  (t) => [
    primaryKey({ columns: [t.appointmentId, t.clientId] }),
    foreignKey({ columns: [t.appointmentId], foreignColumns: [appointments.id] }),
    foreignKey({ columns: [t.practiceId, t.clientId], foreignColumns: [clients.practiceId, clients.id] }),
    index('appointment_participants_client_idx').on(t.practiceId, t.clientId),
  ],
);

/** Every status change of an appointment: who, when, from what, and why. Append-only. */
export const appointmentStatusChanges = pgTable(
  'appointment_status_changes',
  {
    id: id(),
    practiceId: practiceId(),
    appointmentId: uuid('appointment_id').notNull(),
    fromStatus: appointmentStatus('from_status'),
    toStatus: appointmentStatus('to_status').notNull(),
    changedBy: uuid('changed_by'),
    /** How the change arrived when no staff member made it: 'portal', 'reminder_link', 'waitlist_claim'. */
    channel: text('channel').notNull().default('staff'),
    cancelledBy: cancellationBy('cancelled_by'),
    lateCancel: boolean('late_cancel').notNull().default(false),
    changedAt: timestamp('changed_at', { withTimezone: true, mode: 'date' })
      .notNull()
      .default(sql`now()`),
  },
  (t) => [
    foreignKey({ columns: [t.appointmentId], foreignColumns: [appointments.id] }),
    index('appointment_status_changes_appointment_idx').on(t.appointmentId, t.changedAt),
  ],
);

/** A clinician's working hours on one weekday (ISO: 1 = Monday), in the clinician's zone. */
export const workingHours = pgTable(
  'working_hours',
  {
    id: id(),
    practiceId: practiceId(),
    clinicianId: uuid('clinician_id').notNull(),
    weekday: smallint('weekday').notNull(),
    startsAt: time('starts_at').notNull(),
    endsAt: time('ends_at').notNull(),
    locationId: uuid('location_id'),
    /** Null: either modality. */
    modality: appointmentModality('modality'),
    ...timestamps(),
  },
  (t) => [
    foreignKey({ columns: [t.clinicianId], foreignColumns: [users.id] }),
    foreignKey({ columns: [t.locationId], foreignColumns: [locations.id] }),
    check('working_hours_weekday_check', sql`${t.weekday} between 1 and 7`),
    check('working_hours_period_check', sql`${t.endsAt} > ${t.startsAt}`),
    index('working_hours_clinician_idx').on(t.practiceId, t.clinicianId),
  ],
);

/** Time a clinician is away (vacation, training); no slot is offered inside it. */
export const timeOff = pgTable(
  'time_off',
  {
    id: id(),
    practiceId: practiceId(),
    clinicianId: uuid('clinician_id').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true, mode: 'date' }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true, mode: 'date' }).notNull(),
    reason: text('reason'),
    ...timestamps(),
  },
  (t) => [
    foreignKey({ columns: [t.clinicianId], foreignColumns: [users.id] }),
    check('time_off_period_check', sql`${t.endsAt} > ${t.startsAt}`),
    index('time_off_clinician_idx').on(t.practiceId, t.clinicianId, t.startsAt),
  ],
);

export const waitlistStatus = pgEnum('waitlist_status', ['waiting', 'booked', 'removed']);

/** A client waiting for an opening, with what would suit them. */
export const waitlistEntries = pgTable(
  'waitlist_entries',
  {
    id: id(),
    practiceId: practiceId(),
    clientId: uuid('client_id').notNull(),
    /** Empty: any clinician. */
    clinicianIds: uuid('clinician_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    /** ISO weekdays (1 = Monday); empty: any day. */
    weekdays: smallint('weekdays')
      .array()
      .notNull()
      .default(sql`'{}'::smallint[]`),
    /** Minutes after local midnight the session may start, inclusive. */
    earliestMinute: integer('earliest_minute').notNull().default(0),
    latestMinute: integer('latest_minute').notNull().default(1440),
    /** Null: either modality. */
    modality: appointmentModality('modality'),
    /** 1 is the most urgent. */
    priority: smallint('priority').notNull().default(3),
    note: text('note'),
    status: waitlistStatus('status').notNull().default('waiting'),
    createdBy: uuid('created_by').notNull(),
    ...timestamps(),
  },
  (t) => [
    foreignKey({ columns: [t.practiceId, t.clientId], foreignColumns: [clients.practiceId, clients.id] }),
    check('waitlist_entries_priority_check', sql`${t.priority} between 1 and 5`),
    check(
      'waitlist_entries_window_check',
      sql`${t.earliestMinute} >= 0 and ${t.latestMinute} <= 1440 and ${t.latestMinute} > ${t.earliestMinute}`,
    ),
    index('waitlist_entries_waiting_idx')
      .on(t.practiceId, t.priority, t.createdAt)
      .where(sql`${t.status} = 'waiting'`),
  ],
);

export const waitlistOfferStatus = pgEnum('waitlist_offer_status', ['offered', 'claimed', 'gone', 'expired']);

/**
 * An opening offered to a waitlisted client. Offers of the same opening share `opening_id`; the
 * first claim books the appointment and marks the others gone, in one transaction.
 */
export const waitlistOffers = pgTable(
  'waitlist_offers',
  {
    id: id(),
    practiceId: practiceId(),
    openingId: uuid('opening_id').notNull(),
    entryId: uuid('entry_id').notNull(),
    clientId: uuid('client_id').notNull(),
    clinicianId: uuid('clinician_id').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true, mode: 'date' }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true, mode: 'date' }).notNull(),
    modality: appointmentModality('modality').notNull(),
    locationId: uuid('location_id'),
    roomId: uuid('room_id'),
    serviceCode: text('service_code'),
    appointmentTypeId: uuid('appointment_type_id'),
    /** SHA-256 of the claim link's token; the token itself is only in the message. */
    tokenHash: text('token_hash').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    status: waitlistOfferStatus('status').notNull().default('offered'),
    appointmentId: uuid('appointment_id'),
    ...timestamps(),
  },
  (t) => [
    foreignKey({ columns: [t.entryId], foreignColumns: [waitlistEntries.id] }),
    foreignKey({ columns: [t.practiceId, t.clientId], foreignColumns: [clients.practiceId, clients.id] }),
    uniqueIndex('waitlist_offers_token_key').on(t.tokenHash),
    index('waitlist_offers_opening_idx').on(t.practiceId, t.openingId),
    index('waitlist_offers_entry_idx').on(t.practiceId, t.entryId),
  ],
);

export const outboundStatus = pgEnum('outbound_status', ['queued', 'sent', 'failed']);

/**
 * The outbox: every email and SMS is a row written in the transaction that decided to send it,
 * and a job delivers it. `dedupe_key` makes a second decision to send the same thing a no-op;
 * `locked_until` lets one instance claim a batch without another sending it too.
 */
export const outboundMessages = pgTable(
  'outbound_messages',
  {
    id: id(),
    practiceId: practiceId(),
    channel: messageChannel('channel').notNull(),
    recipient: text('recipient').notNull(),
    subject: text('subject').notNull().default(''),
    body: text('body').notNull(),
    /** What sent it: 'appointment_reminder', 'waitlist_offer', 'waitlist_gone', ... */
    purpose: text('purpose').notNull(),
    dedupeKey: text('dedupe_key').notNull(),
    status: outboundStatus('status').notNull().default('queued'),
    /** 'smtp', 'sms_provider' or 'local_outbox' (the embedded default keeps it for admins to read). */
    deliveredVia: text('delivered_via'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true, mode: 'date' })
      .notNull()
      .default(sql`now()`),
    lockedUntil: timestamp('locked_until', { withTimezone: true, mode: 'date' }),
    sentAt: timestamp('sent_at', { withTimezone: true, mode: 'date' }),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' })
      .notNull()
      .default(sql`now()`),
  },
  (t) => [
    foreignKey({ columns: [t.practiceId], foreignColumns: [practices.id] }),
    uniqueIndex('outbound_messages_dedupe_key').on(t.practiceId, t.dedupeKey),
    index('outbound_messages_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`${t.status} = 'queued'`),
    index('outbound_messages_practice_idx').on(t.practiceId, t.createdAt),
  ],
);

/** A clinician's private calendar feed; the token is shown once and stored hashed. */
export const calendarFeeds = pgTable(
  'calendar_feeds',
  {
    id: id(),
    practiceId: practiceId(),
    userId: uuid('user_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    /** 'busy': busy blocks only; 'details': type, location and status, never client names. */
    detail: text('detail').notNull().default('busy'),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
    ...timestamps(),
  },
  (t) => [
    foreignKey({ columns: [t.userId], foreignColumns: [users.id] }),
    uniqueIndex('calendar_feeds_token_key').on(t.tokenHash),
    check('calendar_feeds_detail_check', sql`${t.detail} in ('busy', 'details')`),
  ],
);

/**
 * A link in a reminder that lets the client confirm or cancel that one appointment without
 * signing in. The token is in the message only; it works until the session starts, once.
 */
export const appointmentLinks = pgTable(
  'appointment_links',
  {
    id: id(),
    practiceId: practiceId(),
    appointmentId: uuid('appointment_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true, mode: 'date' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' })
      .notNull()
      .default(sql`now()`),
  },
  (t) => [
    foreignKey({ columns: [t.appointmentId], foreignColumns: [appointments.id] }),
    uniqueIndex('appointment_links_token_key').on(t.tokenHash),
  ],
);
