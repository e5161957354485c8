import { sql } from 'drizzle-orm';
import {
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

export const treatmentPlanStatus = pgEnum('treatment_plan_status', ['draft', 'active', 'superseded']);

/**
 * Treatment plans: problems, goals, measurable objectives and interventions (the encrypted JSON
 * `content`), effective and review dates. Signing makes a plan active and supersedes the previous
 * one; an active or superseded plan's content never changes (a trigger refuses it).
 */
export const treatmentPlans = pgTable(
  'treatment_plans',
  {
    id: id(),
    practiceId: practiceId(),
    clientId: uuid('client_id').notNull(),
    authorId: uuid('author_id')
      .notNull()
      .references(() => users.id),
    status: treatmentPlanStatus('status').notNull().default('draft'),
    content: text('content').notNull(),
    version: integer('version').notNull().default(1),
    effectiveDate: date('effective_date', { mode: 'string' }).notNull(),
    reviewDate: date('review_date', { mode: 'string' }).notNull(),
    signedAt: timestamp('signed_at', { withTimezone: true, mode: 'date' }),
    signatureHash: text('signature_hash'),
    /** The client's acknowledgement (through the portal): when, and a hash of what they saw. */
    clientSignedAt: timestamp('client_signed_at', { withTimezone: true, mode: 'date' }),
    clientSignatureHash: text('client_signature_hash'),
    supersedesId: uuid('supersedes_id'),
    ...timestamps(),
  },
  (t) => [
    foreignKey({ columns: [t.practiceId, t.clientId], foreignColumns: [clients.practiceId, clients.id] }),
    index('treatment_plans_client_idx').on(t.practiceId, t.clientId, t.effectiveDate),
    uniqueIndex('treatment_plans_one_active')
      .on(t.practiceId, t.clientId)
      .where(sql`${t.status} = 'active'`),
    check('treatment_plans_dates_check', sql`${t.reviewDate} >= ${t.effectiveDate}`),
    check(
      'treatment_plans_signed_check',
      sql`${t.status} = 'draft' or (${t.signedAt} is not null and ${t.signatureHash} is not null)`,
    ),
  ],
);
