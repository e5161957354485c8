import { sql } from 'drizzle-orm';
import {
  foreignKey,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { clients } from './clients';
import { id, practiceId, timestamps } from './columns';
import { users } from './users';

/**
 * Break the glass: a clinician outside a client's care team opens the chart for a stated reason,
 * for a limited time. Never deleted; the reach check reads the unexpired grants.
 */
export const emergencyAccessGrants = pgTable(
  'emergency_access_grants',
  {
    id: id(),
    practiceId: practiceId(),
    clientId: uuid('client_id').notNull(),
    userId: uuid('user_id').notNull(),
    reason: text('reason').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' })
      .notNull()
      .default(sql`now()`),
  },
  (t) => [
    foreignKey({ columns: [t.practiceId, t.clientId], foreignColumns: [clients.practiceId, clients.id] }),
    foreignKey({ columns: [t.userId], foreignColumns: [users.id] }),
    index('emergency_access_grants_reach_idx').on(t.userId, t.clientId, t.expiresAt),
    index('emergency_access_grants_client_idx').on(t.practiceId, t.clientId, t.createdAt),
  ],
);

export const alertSeverity = pgEnum('alert_severity', ['low', 'medium', 'high', 'critical']);
export const alertStatus = pgEnum('alert_status', ['open', 'acknowledged', 'resolved']);

/** A security alert for the practice's administrators, with the evidence that raised it. */
export const securityAlerts = pgTable(
  'security_alerts',
  {
    id: id(),
    practiceId: practiceId(),
    kind: text('kind').notNull(),
    severity: alertSeverity('severity').notNull(),
    status: alertStatus('status').notNull().default('open'),
    subjectUserId: uuid('subject_user_id'),
    clientId: uuid('client_id'),
    summary: text('summary').notNull(),
    /** Ids and counts only (audit event ids, thresholds): never note text or names. */
    evidence: jsonb('evidence').$type<Record<string, unknown>>().notNull(),
    handledBy: uuid('handled_by'),
    ...timestamps(),
  },
  (t) => [
    index('security_alerts_open_idx')
      .on(t.practiceId, t.createdAt)
      .where(sql`${t.status} <> 'resolved'`),
  ],
);

export const disclosureBasis = pgEnum('disclosure_basis', [
  'client_authorization',
  'required_by_law',
  'court_order',
  'public_health',
  'health_oversight',
  'serious_threat',
  'other',
]);

/**
 * Accounting of disclosures (HIPAA §164.528): a release of a client's information outside the
 * practice — to whom, what, why, on what basis. Kept as a record: never updated or deleted.
 */
export const disclosures = pgTable(
  'disclosures',
  {
    id: id(),
    practiceId: practiceId(),
    clientId: uuid('client_id').notNull(),
    disclosedOn: text('disclosed_on').notNull(),
    recipient: text('recipient').notNull(),
    recipientAddress: text('recipient_address'),
    description: text('description').notNull(),
    purpose: text('purpose').notNull(),
    basis: disclosureBasis('basis').notNull(),
    recordedBy: uuid('recorded_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' })
      .notNull()
      .default(sql`now()`),
  },
  (t) => [
    foreignKey({ columns: [t.practiceId, t.clientId], foreignColumns: [clients.practiceId, clients.id] }),
    foreignKey({ columns: [t.recordedBy], foreignColumns: [users.id] }),
    index('disclosures_client_idx').on(t.practiceId, t.clientId, t.disclosedOn),
  ],
);

/**
 * PHI data keys, each wrapped by the master key (the local key ring's, or AWS KMS's): versions
 * are kept so that old ciphertexts stay readable while `npm run keys:rotate` re-encrypts them.
 * Owner-only: the server loads them at boot; the app role never sees them.
 */
export const phiDataKeys = pgTable('phi_data_keys', {
  version: integer('version').primaryKey(),
  wrappedKey: text('wrapped_key').notNull(),
  /** Which master wrapped it: `local:<key id>` or `kms:<key id or alias>`. */
  wrappedBy: text('wrapped_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' })
    .notNull()
    .default(sql`now()`),
});
