import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  foreignKey,
  index,
  inet,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { id, practiceId, timestamps } from './columns';
import { users } from './users';

export const sessionSubject = pgEnum('session_subject', ['staff', 'portal']);

/**
 * A signed-in session: one per sign-in, the family of its rotating refresh tokens. Revoking it
 * (sign-out, admin, refresh-token reuse) ends every token of the family.
 */
export const authSessions = pgTable(
  'auth_sessions',
  {
    id: id(),
    practiceId: practiceId(),
    subject: sessionSubject('subject').notNull(),
    userId: uuid('user_id').notNull(),
    /** 'pwd' after the password alone; 'mfa' once a second factor was verified. */
    assurance: text('assurance').notNull(),
    ip: inet('ip'),
    userAgent: text('user_agent'),
    reauthenticatedAt: timestamp('reauthenticated_at', { withTimezone: true, mode: 'date' }),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
    revokedReason: text('revoked_reason'),
    ...timestamps(),
  },
  (t) => [
    index('auth_sessions_user_idx')
      .on(t.practiceId, t.userId)
      .where(sql`${t.revokedAt} is null`),
  ],
);

/** Each refresh token ever issued (hashed). A used one presented again revokes its session. */
export const authRefreshTokens = pgTable(
  'auth_refresh_tokens',
  {
    id: id(),
    practiceId: practiceId(),
    sessionId: uuid('session_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    usedAt: timestamp('used_at', { withTimezone: true, mode: 'date' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' })
      .notNull()
      .default(sql`now()`),
  },
  (t) => [
    foreignKey({ columns: [t.sessionId], foreignColumns: [authSessions.id] }),
    uniqueIndex('auth_refresh_tokens_hash_unique').on(t.tokenHash),
  ],
);

/** Previous password hashes, so that the last N cannot be reused. */
export const passwordHistory = pgTable(
  'password_history',
  {
    id: id(),
    practiceId: practiceId(),
    userId: uuid('user_id').notNull(),
    passwordHash: text('password_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' })
      .notNull()
      .default(sql`now()`),
  },
  (t) => [
    foreignKey({ columns: [t.userId], foreignColumns: [users.id] }),
    index('password_history_user_idx').on(t.userId, t.createdAt),
  ],
);

/** A staff member's TOTP authenticator. The secret is encrypted by the application. */
export const mfaTotpFactors = pgTable(
  'mfa_totp_factors',
  {
    id: id(),
    practiceId: practiceId(),
    userId: uuid('user_id').notNull(),
    secretCiphertext: text('secret_ciphertext').notNull(),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true, mode: 'date' }),
    /** The last accepted 30-second step: a code is never accepted twice. */
    lastUsedStep: bigint('last_used_step', { mode: 'number' }),
    ...timestamps(),
  },
  (t) => [
    foreignKey({ columns: [t.userId], foreignColumns: [users.id] }),
    uniqueIndex('mfa_totp_factors_user_unique').on(t.userId),
  ],
);

/** One-time backup codes, bcrypt-hashed; shown once at enrolment. */
export const mfaBackupCodes = pgTable(
  'mfa_backup_codes',
  {
    id: id(),
    practiceId: practiceId(),
    userId: uuid('user_id').notNull(),
    codeHash: text('code_hash').notNull(),
    usedAt: timestamp('used_at', { withTimezone: true, mode: 'date' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' })
      .notNull()
      .default(sql`now()`),
  },
  (t) => [
    foreignKey({ columns: [t.userId], foreignColumns: [users.id] }),
    index('mfa_backup_codes_user_idx')
      .on(t.userId)
      .where(sql`${t.usedAt} is null`),
  ],
);

/** Supervisor ↔ supervisee: supervisors reach their supervisees' caseloads. */
export const supervisions = pgTable(
  'supervisions',
  {
    id: id(),
    practiceId: practiceId(),
    supervisorId: uuid('supervisor_id').notNull(),
    superviseeId: uuid('supervisee_id').notNull(),
    active: boolean('active').notNull().default(true),
    ...timestamps(),
  },
  (t) => [
    foreignKey({ columns: [t.supervisorId], foreignColumns: [users.id] }),
    foreignKey({ columns: [t.superviseeId], foreignColumns: [users.id] }),
    uniqueIndex('supervisions_pair_unique')
      .on(t.supervisorId, t.superviseeId)
      .where(sql`${t.active}`),
  ],
);

/** A staff member's passkey (WebAuthn credential): an alternative second factor. */
export const webauthnCredentials = pgTable(
  'webauthn_credentials',
  {
    id: id(),
    practiceId: practiceId(),
    userId: uuid('user_id').notNull(),
    /** The authenticator's credential id, base64url. */
    credentialId: text('credential_id').notNull(),
    /** COSE public key, base64url. Public by nature: not a secret. */
    publicKey: text('public_key').notNull(),
    /** Signature counter; a counter that goes backwards means a cloned authenticator. */
    counter: bigint('counter', { mode: 'number' }).notNull().default(0),
    transports: text('transports'),
    name: text('name').notNull(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true, mode: 'date' }),
    ...timestamps(),
  },
  (t) => [
    foreignKey({ columns: [t.userId], foreignColumns: [users.id] }),
    uniqueIndex('webauthn_credentials_credential_unique').on(t.credentialId),
    index('webauthn_credentials_user_idx').on(t.userId),
  ],
);

/**
 * An invitation for a new staff member: their account exists (no password yet) and they set a
 * password from a single-use link that expires. Only the token's SHA-256 is stored.
 */
export const staffInvitations = pgTable(
  'staff_invitations',
  {
    id: id(),
    practiceId: practiceId(),
    userId: uuid('user_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true, mode: 'date' }),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
    createdBy: uuid('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' })
      .notNull()
      .default(sql`now()`),
  },
  (t) => [
    foreignKey({ columns: [t.userId], foreignColumns: [users.id] }),
    foreignKey({ columns: [t.createdBy], foreignColumns: [users.id] }),
    uniqueIndex('staff_invitations_token_unique').on(t.tokenHash),
    // At most one open invitation per person: a new one closes the old.
    uniqueIndex('staff_invitations_open_unique')
      .on(t.userId)
      .where(sql`${t.usedAt} is null and ${t.revokedAt} is null`),
  ],
);
