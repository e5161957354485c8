import { sql } from 'drizzle-orm';
import {
  bigint,
  foreignKey,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { clients } from './clients';
import { id, practiceId, timestamps } from './columns';
import { userStatus } from './users';

/** A client's own sign-in to the portal: one per client, scoped to that client's record. */
export const portalAccounts = pgTable(
  'portal_accounts',
  {
    id: id(),
    practiceId: practiceId(),
    clientId: uuid('client_id').notNull(),
    email: text('email').notNull(),
    passwordHash: text('password_hash').notNull(),
    status: userStatus('status').notNull().default('active'),
    failedSignIns: integer('failed_sign_ins').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true, mode: 'date' }),
    lastSignInAt: timestamp('last_sign_in_at', { withTimezone: true, mode: 'date' }),
    ...timestamps(),
  },
  (t) => [
    foreignKey({ columns: [t.practiceId, t.clientId], foreignColumns: [clients.practiceId, clients.id] }),
    uniqueIndex('portal_accounts_client_unique').on(t.clientId),
    uniqueIndex('portal_accounts_email_unique').on(sql`lower(${t.email})`),
  ],
);

/** A single-use, expiring invitation link (the token is stored hashed). */
export const portalInvitations = pgTable(
  'portal_invitations',
  {
    id: id(),
    practiceId: practiceId(),
    clientId: uuid('client_id').notNull(),
    email: text('email').notNull(),
    tokenHash: text('token_hash').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true, mode: 'date' }),
    createdBy: uuid('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' })
      .notNull()
      .default(sql`now()`),
  },
  (t) => [
    foreignKey({ columns: [t.practiceId, t.clientId], foreignColumns: [clients.practiceId, clients.id] }),
    uniqueIndex('portal_invitations_token_unique').on(t.tokenHash),
    index('portal_invitations_open_idx')
      .on(t.clientId)
      .where(sql`${t.usedAt} is null`),
  ],
);

/** A client's optional authenticator (TOTP): offered in the portal, required at sign-in once confirmed. */
export const portalTotpFactors = pgTable(
  'portal_totp_factors',
  {
    id: id(),
    practiceId: practiceId(),
    portalAccountId: uuid('portal_account_id').notNull(),
    secretCiphertext: text('secret_ciphertext').notNull(),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true, mode: 'date' }),
    /** The last accepted 30-second step: a code is never accepted twice. */
    lastUsedStep: bigint('last_used_step', { mode: 'number' }),
    ...timestamps(),
  },
  (t) => [
    foreignKey({ columns: [t.portalAccountId], foreignColumns: [portalAccounts.id] }),
    uniqueIndex('portal_totp_factors_account_unique').on(t.portalAccountId),
  ],
);
