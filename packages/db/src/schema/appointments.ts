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
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { id, practiceId, timestamps } from './columns';
import { clients } from './clients';
import { locations } from './practices';
import { users } from './users';

export const appointmentStatus = pgEnum('appointment_status', [
  // Asked for online, awaiting the practice's approval: it holds the slot meanwhile.
  'requested',
  'scheduled',
  'confirmed',
  'checked_in',
  'in_session',
  'completed',
  'no_show',
  'cancelled',
]);

export const appointmentModality = pgEnum('appointment_modality', ['in_person', 'telehealth']);
export const appointmentKind = pgEnum('appointment_kind', ['individual', 'couple', 'family', 'group']);
export const cancellationBy = pgEnum('cancellation_by', ['client', 'clinician', 'practice']);

/**
 * One row per session. The exclusion constraints that forbid double-booking a clinician or a room
 * are in custom migrations (Drizzle cannot express EXCLUDE): 0002_constraints_and_rls.sql and
 * 0037_scheduling_rls.sql, which also holds the foreign keys to types, rooms and series (declared
 * there to keep this file free of an import cycle with scheduling.ts).
 */
export const appointments = pgTable(
  'appointments',
  {
    id: id(),
    practiceId: practiceId(),
    clinicianId: uuid('clinician_id').notNull(),
    clientId: uuid('client_id').notNull(),
    locationId: uuid('location_id'),
    startsAt: timestamp('starts_at', { withTimezone: true, mode: 'date' }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true, mode: 'date' }).notNull(),
    status: appointmentStatus('status').notNull().default('scheduled'),
    modality: appointmentModality('modality').notNull(),
    serviceCode: text('service_code'),
    kind: appointmentKind('kind').notNull().default('individual'),
    appointmentTypeId: uuid('appointment_type_id'),
    roomId: uuid('room_id'),
    /** A series occurrence: its series and the start the rule gave it (kept when moved). */
    seriesId: uuid('series_id'),
    originalStartsAt: timestamp('original_starts_at', { withTimezone: true, mode: 'date' }),
    /** Edited on its own ("this occurrence"): later edits to the series leave it alone. */
    seriesException: boolean('series_exception').notNull().default(false),
    cancelledBy: cancellationBy('cancelled_by'),
    /** Cancelled inside the practice's late-cancellation window. */
    lateCancel: boolean('late_cancel').notNull().default(false),
    statusChangedAt: timestamp('status_changed_at', { withTimezone: true, mode: 'date' }),
    statusChangedBy: uuid('status_changed_by'),
    createdBy: uuid('created_by'),
    /** When the session really ran (a telehealth session records both): for the note and the claim. */
    actualStartedAt: timestamp('actual_started_at', { withTimezone: true, mode: 'date' }),
    actualEndedAt: timestamp('actual_ended_at', { withTimezone: true, mode: 'date' }),
    /** CMS place of service for the claim: 02 telehealth elsewhere, 10 telehealth in the home. */
    placeOfService: text('place_of_service'),
    /** Claim modifiers the session earned, e.g. 95 (synchronous telehealth). */
    modifiers: text('modifiers').array(),
    ...timestamps(),
  },
  (t) => [
    foreignKey({ columns: [t.practiceId, t.clientId], foreignColumns: [clients.practiceId, clients.id] }),
    foreignKey({ columns: [t.clinicianId], foreignColumns: [users.id] }),
    foreignKey({ columns: [t.locationId], foreignColumns: [locations.id] }),
    check('appointments_period_check', sql`${t.endsAt} > ${t.startsAt}`),
    check(
      'appointments_actual_period_check',
      sql`${t.actualEndedAt} is null or ${t.actualEndedAt} >= ${t.actualStartedAt}`,
    ),
    index('appointments_clinician_day_idx').on(t.practiceId, t.clinicianId, t.startsAt),
    index('appointments_client_idx').on(t.practiceId, t.clientId, t.startsAt),
    index('appointments_room_idx').on(t.practiceId, t.roomId, t.startsAt),
    // The reminder job's scan across practices: upcoming live sessions only.
    index('appointments_upcoming_idx')
      .on(t.startsAt)
      .where(sql`${t.status} in ('scheduled', 'confirmed')`),
    unique('appointments_series_occurrence_key').on(t.seriesId, t.originalStartsAt),
  ],
);
