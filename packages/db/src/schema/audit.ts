import { sql } from 'drizzle-orm';
import { index, inet, jsonb, pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { id } from './columns';

export const auditOutcome = pgEnum('audit_outcome', ['success', 'denied', 'failure']);

/**
 * Who did what to which record, written in the same transaction as the action. Placeholder shape:
 * the HIPAA issue adds the hash chain and its verifier. Append-only for the application role.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: id(),
    practiceId: uuid('practice_id'),
    occurredAt: timestamp('occurred_at', { withTimezone: true, mode: 'date' })
      .notNull()
      .default(sql`now()`),
    actorUserId: uuid('actor_user_id'),
    actorRole: text('actor_role'),
    action: text('action').notNull(),
    resourceType: text('resource_type').notNull(),
    resourceId: uuid('resource_id'),
    clientId: uuid('client_id'),
    outcome: auditOutcome('outcome').notNull().default('success'),
    ip: inet('ip'),
    userAgent: text('user_agent'),
    requestId: text('request_id'),
    reason: text('reason'),
    details: jsonb('details').$type<Record<string, unknown>>(),
  },
  (t) => [
    index('audit_events_practice_time_idx').on(t.practiceId, t.occurredAt),
    index('audit_events_client_idx').on(t.practiceId, t.clientId, t.occurredAt),
  ],
);
