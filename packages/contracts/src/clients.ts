import { z } from 'zod';
import { CursorSchema, LimitSchema, UuidSchema } from './common';

export const ClientStatusSchema = z.enum(['active', 'discharged']);
export type ClientStatus = z.infer<typeof ClientStatusSchema>;

export const ListClientsQuerySchema = z.strictObject({
  /** Name search: matches any part of the legal or preferred name, case-insensitively. */
  q: z.string().trim().max(100).optional(),
  status: ClientStatusSchema.optional(),
  limit: LimitSchema,
  cursor: CursorSchema.optional(),
});
export type ListClientsQuery = z.infer<typeof ListClientsQuerySchema>;

export const ClientSummarySchema = z.object({
  id: UuidSchema,
  legalFirstName: z.string(),
  legalLastName: z.string(),
  preferredName: z.string().nullable(),
  pronouns: z.string().nullable(),
  dateOfBirth: z.string(),
  status: ClientStatusSchema,
});
export type ClientSummary = z.infer<typeof ClientSummarySchema>;

export const ClientListSchema = z.object({
  items: z.array(ClientSummarySchema),
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: z.string().nullable(),
});
export type ClientList = z.infer<typeof ClientListSchema>;

export const AssignedClinicianSchema = z.object({
  id: UuidSchema,
  firstName: z.string(),
  lastName: z.string(),
  credentials: z.string().nullable(),
  assignment: z.enum(['primary', 'secondary']),
});

/**
 * A US Social Security number, written 123-45-6789 or 123456789, and one that could have been
 * issued: no 000, 666 or 9xx area, no 00 group, no 0000 serial. The messages never repeat the
 * value. Parsed to its nine digits.
 */
export const SsnSchema = z
  .string()
  .trim()
  .regex(/^(?:\d{3}-\d{2}-\d{4}|\d{9})$/, 'must be 9 digits, written 123-45-6789 or 123456789')
  .transform((s) => s.replaceAll('-', ''))
  .superRefine((digits, ctx) => {
    const area = digits.slice(0, 3);
    if (area === '000' || area === '666' || area.startsWith('9'))
      ctx.addIssue({ code: 'custom', message: 'cannot begin with 000, 666 or 9 (never issued)' });
    else if (digits.slice(3, 5) === '00')
      ctx.addIssue({ code: 'custom', message: 'cannot have 00 as its middle two digits (never issued)' });
    else if (digits.slice(5) === '0000')
      ctx.addIssue({ code: 'custom', message: 'cannot end in 0000 (never issued)' });
  });

/** How an SSN appears outside an explicit reveal: the last four digits only. */
export const maskSsn = (digits: string) => `***-**-${digits.slice(-4)}`;
/** The nine digits written the usual way. */
export const formatSsn = (digits: string) => `${digits.slice(0, 3)}-${digits.slice(3, 5)}-${digits.slice(5)}`;

export const ClientDetailSchema = ClientSummarySchema.extend({
  /** Set while the caller holds an emergency-access grant for this chart (break the glass): until when. */
  emergencyAccessUntil: z.iso.datetime().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  /** `***-**-6789`, or null when no SSN is on file; the full number only through the audited reveal. */
  ssnMasked: z.string().nullable(),
  /** Appointment reminders: sent only with the client's consent, over the channel they chose. */
  remindersOptIn: z.boolean(),
  reminderChannel: z.enum(['email', 'sms']),
  clinicians: z.array(AssignedClinicianSchema),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type ClientDetail = z.infer<typeof ClientDetailSchema>;

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((s) => (s === '' ? null : s))
    .nullable()
    .optional();

export const CreateClientBodySchema = z.strictObject({
  legalFirstName: z.string().trim().min(1, 'is required').max(100),
  legalLastName: z.string().trim().min(1, 'is required').max(100),
  preferredName: optionalText(100),
  pronouns: optionalText(40),
  dateOfBirth: z.iso
    .date({ message: 'must be a date (YYYY-MM-DD)' })
    .refine((d) => d >= '1900-01-01' && Date.parse(d) <= Date.now(), 'must be a past date after 1900'),
  email: z.email({ message: 'must be an e-mail address' }).max(254).nullable().optional(),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9 ().-]{7,20}$/, 'must be a phone number')
    .nullable()
    .optional(),
  ssn: SsnSchema.nullable().optional(),
  /** Staff who are not clinicians name the primary clinician; a clinician's new client is their own. */
  primaryClinicianId: UuidSchema.optional(),
});
export type CreateClientBody = z.infer<typeof CreateClientBodySchema>;

/** Sets or (with null) removes the client's SSN. */
export const SetClientSsnBodySchema = z.strictObject({ ssn: SsnSchema.nullable() });
export type SetClientSsnBody = z.infer<typeof SetClientSsnBodySchema>;

/** The full SSN, from the explicit, audited reveal only. */
export const ClientSsnSchema = z.object({ ssn: z.string().nullable() });

/** Exact-match lookup; sent in the body so the number is never in a URL, a log or browser history. */
export const SsnLookupBodySchema = z.strictObject({ ssn: SsnSchema });
export type SsnLookupBody = z.infer<typeof SsnLookupBodySchema>;
export const SsnLookupSchema = z.object({ items: z.array(ClientSummarySchema) });

/** Break the glass: the reason is required and kept with the audit event. */
export const EmergencyAccessBodySchema = z.strictObject({
  reason: z.string().trim().min(10, 'must say why, in at least 10 characters').max(500),
});
export const EmergencyAccessSchema = z.object({ expiresAt: z.iso.datetime() });

export const DisclosureBasisSchema = z.enum([
  'client_authorization',
  'required_by_law',
  'court_order',
  'public_health',
  'health_oversight',
  'serious_threat',
  'other',
]);

export const RecordDisclosureBodySchema = z.strictObject({
  disclosedOn: z.iso
    .date({ message: 'must be a date (YYYY-MM-DD)' })
    .refine((d) => Date.parse(d) <= Date.now(), 'cannot be in the future'),
  recipient: z.string().trim().min(2, 'is required').max(200),
  recipientAddress: z
    .string()
    .trim()
    .max(300)
    .transform((s) => (s === '' ? null : s))
    .nullable()
    .optional(),
  description: z.string().trim().min(3, 'is required').max(1000),
  purpose: z.string().trim().min(3, 'is required').max(500),
  basis: DisclosureBasisSchema,
});
export type RecordDisclosureBody = z.infer<typeof RecordDisclosureBodySchema>;

export const DisclosureSchema = z.object({
  id: UuidSchema,
  disclosedOn: z.string(),
  recipient: z.string(),
  recipientAddress: z.string().nullable(),
  description: z.string(),
  purpose: z.string(),
  basis: DisclosureBasisSchema,
  recordedByName: z.string(),
  createdAt: z.iso.datetime(),
});
export const DisclosureListSchema = z.object({ items: z.array(DisclosureSchema) });

export const TimelineQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(30),
  cursor: CursorSchema.optional(),
});

export const TimelineEntrySchema = z.object({
  kind: z.enum(['appointment', 'note', 'measure', 'diagnosis', 'treatment_plan', 'consent']),
  id: UuidSchema,
  at: z.iso.datetime(),
  /** e.g. "Progress note — SOAP", "PHQ-9", "F41.1 Generalized anxiety disorder". */
  title: z.string(),
  /** Status or score: "signed", "12 · Moderate", "completed". Never note text. */
  detail: z.string(),
  /** The web path that opens it, when it has its own page. */
  href: z.string().nullable(),
});
export type TimelineEntry = z.infer<typeof TimelineEntrySchema>;
export const TimelineSchema = z.object({
  items: z.array(TimelineEntrySchema),
  nextCursor: z.string().nullable(),
});

export const ReminderPreferenceBodySchema = z.strictObject({
  remindersOptIn: z.boolean(),
  reminderChannel: z.enum(['email', 'sms']),
});
export type ReminderPreferenceBody = z.infer<typeof ReminderPreferenceBodySchema>;
