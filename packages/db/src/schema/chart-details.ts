import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
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

export const contactKind = pgEnum('client_contact_kind', ['emergency', 'guardian', 'other']);

/** People to reach about a client: emergency contacts and legal guardians. */
export const clientContacts = pgTable(
  'client_contacts',
  {
    id: id(),
    practiceId: practiceId(),
    clientId: uuid('client_id').notNull(),
    kind: contactKind('kind').notNull(),
    name: text('name').notNull(),
    relationship: text('relationship').notNull(),
    phone: text('phone'),
    email: text('email'),
    ...timestamps(),
  },
  (t) => [
    foreignKey({ columns: [t.practiceId, t.clientId], foreignColumns: [clients.practiceId, clients.id] }),
    index('client_contacts_client_idx').on(t.practiceId, t.clientId),
  ],
);

export const policyPriority = pgEnum('insurance_priority', ['primary', 'secondary', 'tertiary']);
export const subscriberRelationship = pgEnum('subscriber_relationship', ['self', 'spouse', 'child', 'other']);

/**
 * A client's insurance coverage. The member id is PHI: stored encrypted, with an HMAC blind index
 * for exact-match lookup (front desk scanning a card) without decrypting every row.
 */
export const insurancePolicies = pgTable(
  'insurance_policies',
  {
    id: id(),
    practiceId: practiceId(),
    clientId: uuid('client_id').notNull(),
    payerName: text('payer_name').notNull(),
    payerId: text('payer_id'),
    memberId: text('member_id').notNull(),
    memberIdIndex: text('member_id_index').notNull(),
    groupNumber: text('group_number'),
    subscriberName: text('subscriber_name').notNull(),
    subscriberRelationship: subscriberRelationship('subscriber_relationship').notNull(),
    priority: policyPriority('priority').notNull(),
    effectiveFrom: date('effective_from', { mode: 'string' }),
    effectiveTo: date('effective_to', { mode: 'string' }),
    active: boolean('active').notNull().default(true),
    ...timestamps(),
  },
  (t) => [
    foreignKey({ columns: [t.practiceId, t.clientId], foreignColumns: [clients.practiceId, clients.id] }),
    uniqueIndex('insurance_policies_priority_unique')
      .on(t.practiceId, t.clientId, t.priority)
      .where(sql`${t.active}`),
    index('insurance_policies_member_idx').on(t.practiceId, t.memberIdIndex),
    check(
      'insurance_policies_dates_check',
      sql`${t.effectiveTo} is null or ${t.effectiveFrom} is null or ${t.effectiveTo} >= ${t.effectiveFrom}`,
    ),
  ],
);

export const consentMethod = pgEnum('consent_method', ['portal', 'in_office']);

/**
 * A client's signature of a consent document: who signed (typed name, as self or guardian), when,
 * how, which version, and a SHA-256 of the exact text. Kept for ever; revocation is recorded, not
 * a deletion.
 */
export const consents = pgTable(
  'consents',
  {
    id: id(),
    practiceId: practiceId(),
    clientId: uuid('client_id').notNull(),
    documentId: text('document_id').notNull(),
    documentVersion: integer('document_version').notNull(),
    documentHash: text('document_hash').notNull(),
    signerName: text('signer_name').notNull(),
    signerRelationship: text('signer_relationship').notNull(),
    method: consentMethod('method').notNull(),
    recordedBy: uuid('recorded_by').references(() => users.id),
    ip: text('ip'),
    userAgent: text('user_agent'),
    signedAt: timestamp('signed_at', { withTimezone: true, mode: 'date' })
      .notNull()
      .default(sql`now()`),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
    revokedBy: uuid('revoked_by').references(() => users.id),
  },
  (t) => [
    foreignKey({ columns: [t.practiceId, t.clientId], foreignColumns: [clients.practiceId, clients.id] }),
    index('consents_client_idx').on(t.practiceId, t.clientId, t.signedAt),
  ],
);
