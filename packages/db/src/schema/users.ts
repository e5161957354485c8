import { sql } from 'drizzle-orm';
import {
  foreignKey,
  index,
  integer,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { id, practiceId, timestamps } from './columns';
import { practices } from './practices';

export const staffRole = pgEnum('staff_role', [
  'owner',
  'admin',
  'clinician',
  'supervisor',
  'front_desk',
  'biller',
  // Operates the platform across practices; granted only from the command line, never by the API.
  'super_admin',
]);

export const userStatus = pgEnum('user_status', ['active', 'disabled']);

/** Staff accounts. Portal clients get their own accounts table in the identity module. */
export const users = pgTable(
  'users',
  {
    id: id(),
    practiceId: practiceId(),
    email: text('email').notNull(),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    credentials: text('credentials'),
    role: staffRole('role').notNull(),
    status: userStatus('status').notNull().default('active'),
    timeZone: text('time_zone').notNull(),
    /** Minutes kept free after each session when open slots are computed. */
    bufferMinutes: integer('buffer_minutes').notNull().default(0),
    /** bcrypt; null until the invited user sets a password. */
    passwordHash: text('password_hash'),
    passwordChangedAt: timestamp('password_changed_at', { withTimezone: true, mode: 'date' }),
    failedSignIns: integer('failed_sign_ins').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true, mode: 'date' }),
    lastSignInAt: timestamp('last_sign_in_at', { withTimezone: true, mode: 'date' }),
    ...timestamps(),
  },
  (t) => [
    foreignKey({ columns: [t.practiceId], foreignColumns: [practices.id] }),
    // An e-mail signs in to exactly one account, whatever its case.
    uniqueIndex('users_email_unique').on(sql`lower(${t.email})`),
    index('users_practice_role_idx').on(t.practiceId, t.role),
  ],
);
