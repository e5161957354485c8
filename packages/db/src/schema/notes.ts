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
  uuid,
} from 'drizzle-orm/pg-core';
import { appointments } from './appointments';
import { clients } from './clients';
import { users } from './users';
import { id, practiceId, timestamps } from './columns';

const createdAt = () =>
  timestamp('created_at', { withTimezone: true, mode: 'date' })
    .notNull()
    .default(sql`now()`);

export const noteStatus = pgEnum('note_status', ['draft', 'awaiting_cosign', 'signed']);

/**
 * Clinical notes. `content` is the encrypted JSON body (template sections, MSE, risk); a signed
 * note's content never changes again (a trigger refuses it), only addenda are added.
 */
export const clinicalNotes = pgTable(
  'clinical_notes',
  {
    id: id(),
    practiceId: practiceId(),
    clientId: uuid('client_id').notNull(),
    appointmentId: uuid('appointment_id'),
    authorId: uuid('author_id')
      .notNull()
      .references(() => users.id),
    type: text('type').notNull(),
    template: text('template').notNull(),
    status: noteStatus('status').notNull().default('draft'),
    serviceDate: date('service_date', { mode: 'string' }).notNull(),
    content: text('content').notNull(),
    /** Bumped by every save; a save must name the version it read (optimistic concurrency). */
    version: integer('version').notNull().default(1),
    signedAt: timestamp('signed_at', { withTimezone: true, mode: 'date' }),
    signatureHash: text('signature_hash'),
    cosignerId: uuid('cosigner_id').references(() => users.id),
    cosignedAt: timestamp('cosigned_at', { withTimezone: true, mode: 'date' }),
    /** The supervisor's comment on returning the note (encrypted). */
    returnedComment: text('returned_comment'),
    ...timestamps(),
  },
  (t) => [
    foreignKey({ columns: [t.practiceId, t.clientId], foreignColumns: [clients.practiceId, clients.id] }),
    foreignKey({ columns: [t.appointmentId], foreignColumns: [appointments.id] }),
    index('clinical_notes_chart_idx').on(t.practiceId, t.clientId, t.serviceDate, t.id),
    index('clinical_notes_appointment_idx')
      .on(t.practiceId, t.appointmentId)
      .where(sql`${t.appointmentId} is not null`),
    // The notes-due queue: only unsigned notes, so it stays small however many are signed.
    index('clinical_notes_due_idx')
      .on(t.practiceId, t.authorId, t.serviceDate)
      .where(sql`${t.status} <> 'signed'`),
    index('clinical_notes_cosign_idx')
      .on(t.practiceId, t.serviceDate)
      .where(sql`${t.status} = 'awaiting_cosign'`),
    check(
      'clinical_notes_signed_check',
      sql`${t.status} = 'draft' or (${t.signedAt} is not null and ${t.signatureHash} is not null)`,
    ),
  ],
);

/** Addenda to a signed note: appended, signed on creation, never changed. */
export const noteAddenda = pgTable(
  'note_addenda',
  {
    id: id(),
    practiceId: practiceId(),
    noteId: uuid('note_id')
      .notNull()
      .references(() => clinicalNotes.id),
    authorId: uuid('author_id')
      .notNull()
      .references(() => users.id),
    body: text('body').notNull(),
    contentHash: text('content_hash').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('note_addenda_note_idx').on(t.practiceId, t.noteId, t.createdAt)],
);

export const noteRevisionEvent = pgEnum('note_revision_event', ['signed', 'cosigned', 'returned']);

/** Every signed version of a note, kept: what was signed, by whom, and its hash. Append-only. */
export const noteRevisions = pgTable(
  'note_revisions',
  {
    id: id(),
    practiceId: practiceId(),
    noteId: uuid('note_id')
      .notNull()
      .references(() => clinicalNotes.id),
    event: noteRevisionEvent('event').notNull(),
    byUserId: uuid('by_user_id')
      .notNull()
      .references(() => users.id),
    content: text('content').notNull(),
    contentHash: text('content_hash').notNull(),
    comment: text('comment'),
    createdAt: createdAt(),
  },
  (t) => [index('note_revisions_note_idx').on(t.practiceId, t.noteId, t.createdAt)],
);

/**
 * Psychotherapy notes (HIPAA §164.501): kept apart from the chart, readable by their author
 * only — enforced by row-level security on the author as well as by the queries.
 */
export const psychotherapyNotes = pgTable(
  'psychotherapy_notes',
  {
    id: id(),
    practiceId: practiceId(),
    clientId: uuid('client_id').notNull(),
    authorId: uuid('author_id')
      .notNull()
      .references(() => users.id),
    serviceDate: date('service_date', { mode: 'string' }).notNull(),
    body: text('body').notNull(),
    version: integer('version').notNull().default(1),
    ...timestamps(),
  },
  (t) => [
    foreignKey({ columns: [t.practiceId, t.clientId], foreignColumns: [clients.practiceId, clients.id] }),
    index('psychotherapy_notes_author_idx').on(t.practiceId, t.authorId, t.clientId, t.serviceDate),
  ],
);
