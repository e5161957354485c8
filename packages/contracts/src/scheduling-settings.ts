import { z } from 'zod';
import { UuidSchema } from './common';

export const SchedulingSettingsSchema = z.strictObject({
  /** Hours before the start within which a cancellation counts as late. */
  lateCancelHours: z.number().int().min(0).max(168),
  /** Reminder offsets, in hours before the start, e.g. [48, 2]. */
  reminderOffsetsHours: z.array(z.number().int().min(1).max(336)).max(4),
  /** Whether reminders name the clinician (never the client's diagnosis or the session type). */
  remindersNameClinician: z.boolean(),
  /** How long a waitlist offer can be claimed, in hours. */
  offerExpiryHours: z.number().int().min(1).max(72),
  /** How many waitlisted clients are offered one opening at once. */
  offersPerOpening: z.number().int().min(1).max(20),
  /** Portal self-booking: which clinicians, instant or awaiting approval, and the notice needed. */
  selfBooking: z.strictObject({
    enabled: z.boolean(),
    mode: z.enum(['instant', 'request']),
    minNoticeHours: z.number().int().min(0).max(336),
    /** Empty: each client books with their own care team. */
    clinicianIds: z.array(UuidSchema).max(100),
  }),
});
export type SchedulingSettings = z.infer<typeof SchedulingSettingsSchema>;
export const DEFAULT_SCHEDULING_SETTINGS: SchedulingSettings = {
  lateCancelHours: 24,
  reminderOffsetsHours: [48, 2],
  remindersNameClinician: true,
  offerExpiryHours: 12,
  offersPerOpening: 3,
  selfBooking: { enabled: false, mode: 'request', minNoticeHours: 24, clinicianIds: [] },
};

// ---- the local outbox ----

export const OutboundMessageSchema = z.object({
  id: UuidSchema,
  channel: z.enum(['email', 'sms']),
  recipient: z.string(),
  subject: z.string(),
  body: z.string(),
  purpose: z.string(),
  status: z.enum(['queued', 'sent', 'failed']),
  deliveredVia: z.string().nullable(),
  attempts: z.number().int(),
  createdAt: z.iso.datetime(),
  sentAt: z.iso.datetime().nullable(),
});
export type OutboundMessage = z.infer<typeof OutboundMessageSchema>;
export const OutboxListSchema = z.object({ items: z.array(OutboundMessageSchema) });
