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
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { appointments } from './appointments';
import { clients } from './clients';
import { id, practiceId, timestamps } from './columns';
import { users } from './users';

const createdAt = () =>
  timestamp('created_at', { withTimezone: true, mode: 'date' })
    .notNull()
    .default(sql`now()`);

/** ICD-10-CM reference codes (the F chapter and the Z codes practices use); shared by all practices. */
export const diagnosisCodes = pgTable(
  'diagnosis_codes',
  {
    code: text('code').primaryKey(),
    description: text('description').notNull(),
    /** Lower-cased code and description, for one `like` over both. */
    searchText: text('search_text').notNull(),
  },
  (t) => [index('diagnosis_codes_search_idx').using('gin', sql`${t.searchText} gin_trgm_ops`)],
);

export const diagnosisStatus = pgEnum('diagnosis_status', ['active', 'provisional', 'rule_out', 'resolved']);

export const clientDiagnoses = pgTable(
  'client_diagnoses',
  {
    id: id(),
    practiceId: practiceId(),
    clientId: uuid('client_id').notNull(),
    code: text('code')
      .notNull()
      .references(() => diagnosisCodes.code),
    status: diagnosisStatus('status').notNull(),
    onsetDate: date('onset_date', { mode: 'string' }),
    /** 1 is principal; the order claims list them in. */
    rank: integer('rank').notNull(),
    diagnosedBy: uuid('diagnosed_by')
      .notNull()
      .references(() => users.id),
    ...timestamps(),
  },
  (t) => [
    foreignKey({ columns: [t.practiceId, t.clientId], foreignColumns: [clients.practiceId, clients.id] }),
    unique('client_diagnoses_code_unique').on(t.practiceId, t.clientId, t.code),
    check('client_diagnoses_rank_check', sql`${t.rank} >= 1`),
  ],
);

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
