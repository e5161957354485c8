import { sql } from 'drizzle-orm';
import {
  bigint,
  index,
  inet,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { id } from './columns';

export const auditOutcome = pgEnum('audit_outcome', ['success', 'denied', 'failure']);

/**
 * Who did what to which record, written in the same transaction as the action. Append-only for
 * every role (a trigger), and sealed into a per-practice hash chain behind the writers (audit_seals).
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
    index('audit_events_actor_idx').on(t.practiceId, t.actorUserId, t.occurredAt),
    // The sealer's look-back ("events since shortly before the newest seal") across all practices.
    index('audit_events_time_idx').on(t.occurredAt),
    // Breach detection: what one address failed at, in a window, across practices (spraying).
    index('audit_events_failures_by_ip_idx')
      .on(t.ip, t.occurredAt)
      .where(sql`${t.outcome} <> 'success'`),
  ],
);

/**
 * The hash chain over `audit_events`, one chain per practice (and one for events of no practice,
 * under the nil UUID). A sealer appends rows here in order behind the writers, so no request waits
 * on a chain-wide lock; `hash` = SHA-256(previous hash, the event's canonical text). Editing,
 * deleting or reordering an event or a seal breaks the chain (`npm run audit:verify`). Only hashes
 * and ids, no PHI: the application role has no access; the sealer and verifier run as the owner.
 */
export const auditSeals = pgTable(
  'audit_seals',
  {
    chainId: uuid('chain_id').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    eventId: uuid('event_id').notNull(),
    hash: text('hash').notNull(),
    sealedAt: timestamp('sealed_at', { withTimezone: true, mode: 'date' })
      .notNull()
      .default(sql`now()`),
  },
  (t) => [primaryKey({ columns: [t.chainId, t.seq] }), uniqueIndex('audit_seals_event_unique').on(t.eventId)],
);

/** How far breach detection has read each audit chain: it resumes here and never rescans. */
export const breachDetectionCursors = pgTable('breach_detection_cursors', {
  chainId: uuid('chain_id').primaryKey(),
  lastSeq: bigint('last_seq', { mode: 'number' }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' })
    .notNull()
    .default(sql`now()`),
});

/**
 * What the anchoring job last copied out of the database, per chain: a memo so that it only
 * anchors heads that moved. Never trusted by the verifier, which reads the anchors themselves
 * from outside the database (`apps/api/src/audit/anchors/`). Owner-only.
 */
export const auditChainAnchors = pgTable('audit_chain_anchors', {
  chainId: uuid('chain_id').primaryKey(),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  hash: text('hash').notNull(),
  anchoredAt: timestamp('anchored_at', { withTimezone: true, mode: 'date' })
    .notNull()
    .default(sql`now()`),
});
