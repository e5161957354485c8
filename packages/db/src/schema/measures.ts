import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  foreignKey,
  index,
  integer,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { clients } from './clients';
import { users } from './users';
import { id, practiceId, timestamps } from './columns';

const createdAt = () =>
  timestamp('created_at', { withTimezone: true, mode: 'date' })
    .notNull()
    .default(sql`now()`);

export const measureSource = pgEnum('measure_source', ['office', 'portal']);

/** A completed standardized measure: answers encrypted, scores in the clear for trends. */
export const measureResponses = pgTable(
  'measure_responses',
  {
    id: id(),
    practiceId: practiceId(),
    clientId: uuid('client_id').notNull(),
    instrumentId: text('instrument_id').notNull(),
    instrumentVersion: integer('instrument_version').notNull(),
    answers: text('answers').notNull(),
    total: integer('total').notNull(),
    severity: text('severity').notNull(),
    riskLevel: text('risk_level').notNull(),
    source: measureSource('source').notNull(),
    administeredBy: uuid('administered_by').references(() => users.id),
    completedAt: timestamp('completed_at', { withTimezone: true, mode: 'date' })
      .notNull()
      .default(sql`now()`),
  },
  (t) => [
    foreignKey({ columns: [t.practiceId, t.clientId], foreignColumns: [clients.practiceId, clients.id] }),
    index('measure_responses_client_idx').on(t.practiceId, t.clientId, t.instrumentId, t.completedAt),
  ],
);

export const riskFlagStatus = pgEnum('risk_flag_status', ['active', 'resolved']);

/** Shown at the top of the chart until a clinician resolves it with a note of what was done. */
export const riskFlags = pgTable(
  'risk_flags',
  {
    id: id(),
    practiceId: practiceId(),
    clientId: uuid('client_id').notNull(),
    kind: text('kind').notNull(),
    level: text('level').notNull(),
    /** Generated text naming the rule (never the client's words). */
    reason: text('reason').notNull(),
    measureResponseId: uuid('measure_response_id').references(() => measureResponses.id),
    status: riskFlagStatus('status').notNull().default('active'),
    resolvedAt: timestamp('resolved_at', { withTimezone: true, mode: 'date' }),
    resolvedBy: uuid('resolved_by').references(() => users.id),
    /** What the clinician did (encrypted). */
    resolution: text('resolution'),
    ...timestamps(),
  },
  (t) => [
    foreignKey({ columns: [t.practiceId, t.clientId], foreignColumns: [clients.practiceId, clients.id] }),
    index('risk_flags_active_idx')
      .on(t.practiceId, t.clientId)
      .where(sql`${t.status} = 'active'`),
  ],
);

/** In-app notifications for staff (e.g. a risk flag on a client of theirs). */
export const staffNotifications = pgTable(
  'staff_notifications',
  {
    id: id(),
    practiceId: practiceId(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    kind: text('kind').notNull(),
    clientId: uuid('client_id'),
    message: text('message').notNull(),
    readAt: timestamp('read_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
  },
  (t) => [index('staff_notifications_user_idx').on(t.practiceId, t.userId, t.createdAt)],
);

export const measureCadence = pgEnum('measure_cadence', ['once', 'every_n_weeks', 'before_each_appointment']);

/**
 * A standing request for a client to complete a measure: once, every N weeks, or before each
 * appointment. Whether it is due is computed from the client's responses and appointments when
 * asked, so nothing has to run on a timer and nothing drifts.
 */
export const measureAssignments = pgTable(
  'measure_assignments',
  {
    id: id(),
    practiceId: practiceId(),
    clientId: uuid('client_id').notNull(),
    instrumentId: text('instrument_id').notNull(),
    cadence: measureCadence('cadence').notNull(),
    intervalWeeks: integer('interval_weeks'),
    active: boolean('active').notNull().default(true),
    assignedBy: uuid('assigned_by')
      .notNull()
      .references(() => users.id),
    ...timestamps(),
  },
  (t) => [
    foreignKey({ columns: [t.practiceId, t.clientId], foreignColumns: [clients.practiceId, clients.id] }),
    uniqueIndex('measure_assignments_one_active')
      .on(t.practiceId, t.clientId, t.instrumentId)
      .where(sql`${t.active}`),
    check(
      'measure_assignments_interval_check',
      sql`(${t.cadence} = 'every_n_weeks') = (${t.intervalWeeks} is not null and ${t.intervalWeeks} between 1 and 52)`,
    ),
  ],
);
