import { sql } from 'drizzle-orm';
import { check, foreignKey, index, pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { id, practiceId, timestamps } from './columns';
import { clients } from './clients';
import { locations } from './practices';
import { users } from './users';

export const appointmentStatus = pgEnum('appointment_status', [
  'scheduled',
  'confirmed',
  'checked_in',
  'in_session',
  'completed',
  'no_show',
  'cancelled',
]);

export const appointmentModality = pgEnum('appointment_modality', ['in_person', 'telehealth']);

/**
 * One row per session. The exclusion constraint that forbids double-booking a clinician is in a
 * custom migration (Drizzle cannot express EXCLUDE): see migrations/0001_constraints_and_rls.sql.
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
    ...timestamps(),
  },
  (t) => [
    foreignKey({ columns: [t.practiceId, t.clientId], foreignColumns: [clients.practiceId, clients.id] }),
    foreignKey({ columns: [t.clinicianId], foreignColumns: [users.id] }),
    foreignKey({ columns: [t.locationId], foreignColumns: [locations.id] }),
    check('appointments_period_check', sql`${t.endsAt} > ${t.startsAt}`),
    index('appointments_clinician_day_idx').on(t.practiceId, t.clinicianId, t.startsAt),
    index('appointments_client_idx').on(t.practiceId, t.clientId, t.startsAt),
  ],
);
