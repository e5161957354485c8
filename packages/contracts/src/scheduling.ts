import { z } from 'zod';
import { AppointmentModalitySchema, AppointmentSchema, AppointmentStatusSchema } from './appointments';
import { InstantSchema, UuidSchema } from './common';

/** An IANA time zone this runtime knows, e.g. America/New_York. */
export const TimeZoneSchema = z
  .string()
  .min(1)
  .max(64)
  .refine(
    (zone) => {
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    },
    { message: 'must be an IANA time zone such as America/New_York' },
  );

export const AppointmentKindSchema = z.enum(['individual', 'couple', 'family', 'group']);
export type AppointmentKind = z.infer<typeof AppointmentKindSchema>;

/** The longest single appointment: a day. */
export const MAX_APPOINTMENT_MINUTES = 24 * 60;

/** An RFC 5545 recurrence rule without the RRULE: prefix, e.g. FREQ=WEEKLY;INTERVAL=2;COUNT=10. */
export const RruleSchema = z
  .string()
  .trim()
  .min(6)
  .max(500)
  .regex(
    /^(RRULE:)?[A-Z]+=[^;\s]+(;[A-Z]+=[^;\s]+)*$/,
    'must be an RFC 5545 RRULE such as FREQ=WEEKLY;COUNT=10',
  );

/** Edit or cancel one occurrence, it and the ones after it, or the whole series. */
export const SeriesScopeSchema = z.enum(['this', 'following', 'all']);
export type SeriesScope = z.infer<typeof SeriesScopeSchema>;

const periodRefinements = <T extends z.ZodType<{ startsAt?: string; endsAt?: string }>>(schema: T) =>
  schema
    .refine((b) => !b.startsAt || !b.endsAt || Date.parse(b.endsAt) > Date.parse(b.startsAt), {
      path: ['endsAt'],
      message: 'must be after startsAt',
    })
    .refine(
      (b) =>
        !b.startsAt ||
        !b.endsAt ||
        Date.parse(b.endsAt) - Date.parse(b.startsAt) <= MAX_APPOINTMENT_MINUTES * 60_000,
      { path: ['endsAt'], message: 'an appointment lasts at most a day' },
    );

export const CreateAppointmentBodySchema = periodRefinements(
  z.strictObject({
    clinicianId: UuidSchema,
    clientId: UuidSchema,
    /** The other clients of a couple, family or group session. */
    additionalClientIds: z.array(UuidSchema).max(30).default([]),
    kind: AppointmentKindSchema.default('individual'),
    appointmentTypeId: UuidSchema.optional(),
    startsAt: InstantSchema,
    endsAt: InstantSchema,
    modality: AppointmentModalitySchema,
    locationId: UuidSchema.optional(),
    roomId: UuidSchema.optional(),
    serviceCode: z
      .string()
      .regex(/^\d{5}$/, 'must be a five-digit CPT code')
      .optional(),
    /** Repeat by this rule, in the clinician's time zone unless one is given. */
    recurrence: z.strictObject({ rrule: RruleSchema, timeZone: TimeZoneSchema.optional() }).optional(),
    /** Recording a session that already happened: the only way to book in the past. */
    documenting: z.boolean().default(false),
  }),
);
export type CreateAppointmentBody = z.input<typeof CreateAppointmentBodySchema>;

export const RescheduleAppointmentBodySchema = periodRefinements(
  z.strictObject({
    startsAt: InstantSchema,
    endsAt: InstantSchema,
    roomId: UuidSchema.nullable().optional(),
    locationId: UuidSchema.nullable().optional(),
    /** For a series occurrence: move this one, or shift this and the following by the same amount. */
    scope: SeriesScopeSchema.default('this'),
  }),
);
export type RescheduleAppointmentBody = z.input<typeof RescheduleAppointmentBodySchema>;

export const ChangeAppointmentStatusBodySchema = z
  .strictObject({
    status: AppointmentStatusSchema,
    /** Required when cancelling: who cancelled. */
    cancelledBy: z.enum(['client', 'clinician', 'practice']).optional(),
    /** Cancelling a series occurrence: this one, this and following, or all upcoming. */
    scope: SeriesScopeSchema.default('this'),
  })
  .refine((b) => b.status !== 'cancelled' || b.cancelledBy, {
    path: ['cancelledBy'],
    message: 'is required when cancelling',
  });
export type ChangeAppointmentStatusBody = z.input<typeof ChangeAppointmentStatusBodySchema>;

export const StatusChangeSchema = z.object({
  fromStatus: AppointmentStatusSchema.nullable(),
  toStatus: AppointmentStatusSchema,
  changedByName: z.string().nullable(),
  channel: z.string(),
  cancelledBy: z.enum(['client', 'clinician', 'practice']).nullable(),
  lateCancel: z.boolean(),
  changedAt: z.iso.datetime(),
});

export const AppointmentDetailSchema = AppointmentSchema.extend({
  seriesRule: z.string().nullable(),
  /** Whether the series is still running (an ended series no longer adds occurrences). */
  seriesActive: z.boolean().nullable(),
  cancelledBy: z.enum(['client', 'clinician', 'practice']).nullable(),
  participants: z.array(z.object({ clientId: UuidSchema, clientName: z.string() })),
  history: z.array(StatusChangeSchema),
});
export type AppointmentDetail = z.infer<typeof AppointmentDetailSchema>;

export const CreateAppointmentResultSchema = z.object({
  appointment: AppointmentSchema,
  /** For a series: how many occurrences were booked up to the rolling horizon. */
  occurrences: z.number().int(),
  seriesId: UuidSchema.nullable(),
});

export const ChangeResultSchema = z.object({ changed: z.number().int() });

// ---- practice setup: appointment types and rooms ----

export const AppointmentTypeSchema = z.object({
  id: UuidSchema,
  name: z.string(),
  durationMinutes: z.number().int(),
  cptCode: z.string().nullable(),
  modality: AppointmentModalitySchema,
  kind: AppointmentKindSchema,
  bookableOnline: z.boolean(),
  active: z.boolean(),
});
export type AppointmentType = z.infer<typeof AppointmentTypeSchema>;

export const CreateAppointmentTypeBodySchema = z.strictObject({
  name: z.string().trim().min(1).max(80),
  durationMinutes: z.number().int().min(5).max(MAX_APPOINTMENT_MINUTES),
  cptCode: z
    .string()
    .regex(/^\d{5}$/, 'must be a five-digit CPT code')
    .nullable()
    .default(null),
  modality: AppointmentModalitySchema,
  kind: AppointmentKindSchema.default('individual'),
  bookableOnline: z.boolean().default(false),
});
export const UpdateAppointmentTypeBodySchema = CreateAppointmentTypeBodySchema.partial().extend({
  active: z.boolean().optional(),
});

export const RoomSchema = z.object({
  id: UuidSchema,
  locationId: UuidSchema,
  locationName: z.string(),
  name: z.string(),
  active: z.boolean(),
});
export type Room = z.infer<typeof RoomSchema>;
export const CreateRoomBodySchema = z.strictObject({
  locationId: UuidSchema,
  name: z.string().trim().min(1).max(80),
});

export const LocationSchema = z.object({ id: UuidSchema, name: z.string(), timeZone: z.string() });

export const SchedulingSetupSchema = z.object({
  appointmentTypes: z.array(AppointmentTypeSchema),
  rooms: z.array(RoomSchema),
  locations: z.array(LocationSchema),
  clinicians: z.array(
    z.object({ id: UuidSchema, name: z.string(), timeZone: z.string(), bufferMinutes: z.number().int() }),
  ),
});
export type SchedulingSetup = z.infer<typeof SchedulingSetupSchema>;

// ---- availability ----

const LocalTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24-hour)');

export const WorkingHoursSchema = z
  .strictObject({
    weekday: z.number().int().min(1).max(7),
    startsAt: LocalTimeSchema,
    endsAt: LocalTimeSchema,
    locationId: UuidSchema.nullable().default(null),
    modality: AppointmentModalitySchema.nullable().default(null),
  })
  .refine((w) => w.endsAt > w.startsAt, { path: ['endsAt'], message: 'must be after startsAt' });

export const AvailabilitySchema = z.object({
  clinicianId: UuidSchema,
  timeZone: z.string(),
  bufferMinutes: z.number().int(),
  workingHours: z.array(
    z.object({
      weekday: z.number().int(),
      startsAt: z.string(),
      endsAt: z.string(),
      locationId: UuidSchema.nullable(),
      modality: AppointmentModalitySchema.nullable(),
    }),
  ),
  timeOff: z.array(
    z.object({
      id: UuidSchema,
      startsAt: z.iso.datetime(),
      endsAt: z.iso.datetime(),
      reason: z.string().nullable(),
    }),
  ),
});
export type Availability = z.infer<typeof AvailabilitySchema>;

export const ReplaceAvailabilityBodySchema = z.strictObject({
  timeZone: TimeZoneSchema,
  bufferMinutes: z.number().int().min(0).max(120),
  workingHours: z.array(WorkingHoursSchema).max(50),
});

export const CreateTimeOffBodySchema = z
  .strictObject({
    startsAt: InstantSchema,
    endsAt: InstantSchema,
    reason: z.string().trim().max(200).optional(),
  })
  .refine((b) => Date.parse(b.endsAt) > Date.parse(b.startsAt), {
    path: ['endsAt'],
    message: 'must be after startsAt',
  });

/** The widest window open slots are computed for in one request. */
export const MAX_SLOT_RANGE_DAYS = 31;

export const SlotQuerySchema = z
  .strictObject({
    /** One or more clinicians, comma-separated; empty: every clinician in reach. */
    clinicianIds: z
      .string()
      .optional()
      .transform((v) => (v ? v.split(',').filter(Boolean) : []))
      .pipe(z.array(UuidSchema).max(100)),
    from: InstantSchema,
    to: InstantSchema,
    durationMinutes: z.coerce.number().int().min(5).max(MAX_APPOINTMENT_MINUTES),
    modality: AppointmentModalitySchema.optional(),
  })
  .refine((q) => Date.parse(q.to) > Date.parse(q.from), { path: ['to'], message: 'must be after from' })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= MAX_SLOT_RANGE_DAYS * 86_400_000, {
    path: ['to'],
    message: `range must be at most ${MAX_SLOT_RANGE_DAYS} days`,
  });

export const SlotSchema = z.object({
  clinicianId: UuidSchema,
  startsAt: z.iso.datetime(),
  endsAt: z.iso.datetime(),
  locationId: UuidSchema.nullable(),
});
export type Slot = z.infer<typeof SlotSchema>;
export const SlotListSchema = z.object({ items: z.array(SlotSchema) });

// ---- waitlist ----

export const WaitlistEntrySchema = z.object({
  id: UuidSchema,
  clientId: UuidSchema,
  clientName: z.string(),
  clinicianIds: z.array(UuidSchema),
  weekdays: z.array(z.number().int()),
  earliestMinute: z.number().int(),
  latestMinute: z.number().int(),
  modality: AppointmentModalitySchema.nullable(),
  priority: z.number().int(),
  note: z.string().nullable(),
  status: z.enum(['waiting', 'booked', 'removed']),
  createdAt: z.iso.datetime(),
  /** The latest offer made to this client, if any. */
  lastOffer: z
    .object({ status: z.enum(['offered', 'claimed', 'gone', 'expired']), startsAt: z.iso.datetime() })
    .nullable(),
});
export type WaitlistEntry = z.infer<typeof WaitlistEntrySchema>;
export const WaitlistSchema = z.object({ items: z.array(WaitlistEntrySchema) });

export const CreateWaitlistEntryBodySchema = z
  .strictObject({
    clientId: UuidSchema,
    clinicianIds: z.array(UuidSchema).max(20).default([]),
    weekdays: z.array(z.number().int().min(1).max(7)).max(7).default([]),
    earliestMinute: z.number().int().min(0).max(1439).default(0),
    latestMinute: z.number().int().min(1).max(1440).default(1440),
    modality: AppointmentModalitySchema.nullable().default(null),
    priority: z.number().int().min(1).max(5).default(3),
    note: z.string().trim().max(500).optional(),
  })
  .refine((b) => b.latestMinute > b.earliestMinute, {
    path: ['latestMinute'],
    message: 'must be after earliestMinute',
  });
export type CreateWaitlistEntryBody = z.input<typeof CreateWaitlistEntryBodySchema>;

export const OfferViewSchema = z.object({
  status: z.enum(['offered', 'claimed', 'gone', 'expired']),
  practiceName: z.string(),
  clinicianName: z.string(),
  startsAt: z.iso.datetime(),
  endsAt: z.iso.datetime(),
  modality: AppointmentModalitySchema,
  expiresAt: z.iso.datetime(),
  /** The clinician's zone: the times are shown as the practice means them. */
  timeZone: z.string(),
});
export type OfferView = z.infer<typeof OfferViewSchema>;
export const AppointmentLinkViewSchema = z.object({
  status: AppointmentStatusSchema,
  /** Whether the link can still confirm or cancel (unused, before the start, still booked). */
  usable: z.boolean(),
  practiceName: z.string(),
  clinicianName: z.string(),
  startsAt: z.iso.datetime(),
  endsAt: z.iso.datetime(),
  modality: AppointmentModalitySchema,
  timeZone: z.string(),
});
export type AppointmentLinkView = z.infer<typeof AppointmentLinkViewSchema>;

export const OfferTokenBodySchema = z.strictObject({ token: z.string().min(20).max(200) });

// ---- scheduling settings and the local outbox ----

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

// ---- calendar feed ----

export const CalendarFeedStatusSchema = z.object({
  active: z.boolean(),
  detail: z.enum(['busy', 'details']).nullable(),
  createdAt: z.iso.datetime().nullable(),
});
export type CalendarFeedStatus = z.infer<typeof CalendarFeedStatusSchema>;
export const CreateCalendarFeedBodySchema = z.strictObject({
  /** busy: blocks only; details: type, modality and location, never client names. */
  detail: z.enum(['busy', 'details']).default('busy'),
});

// ---- portal self-booking ----

export const PortalBookingOptionsSchema = z.object({
  enabled: z.boolean(),
  mode: z.enum(['instant', 'request']),
  minNoticeHours: z.number().int(),
  types: z.array(
    z.object({
      id: UuidSchema,
      name: z.string(),
      durationMinutes: z.number().int(),
      modality: AppointmentModalitySchema,
    }),
  ),
  clinicians: z.array(z.object({ id: UuidSchema, name: z.string(), timeZone: z.string() })),
});
export type PortalBookingOptions = z.infer<typeof PortalBookingOptionsSchema>;

export const PortalSlotQuerySchema = z
  .strictObject({
    appointmentTypeId: UuidSchema,
    clinicianId: UuidSchema,
    from: InstantSchema,
    to: InstantSchema,
  })
  .refine((q) => Date.parse(q.to) > Date.parse(q.from), { path: ['to'], message: 'must be after from' })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= MAX_SLOT_RANGE_DAYS * 86_400_000, {
    path: ['to'],
    message: `range must be at most ${MAX_SLOT_RANGE_DAYS} days`,
  });

export const PortalBookBodySchema = z.strictObject({
  appointmentTypeId: UuidSchema,
  clinicianId: UuidSchema,
  startsAt: InstantSchema,
});
export type PortalBookBody = z.infer<typeof PortalBookBodySchema>;

export const PortalBookingResultSchema = z.object({
  appointmentId: UuidSchema,
  status: z.enum(['requested', 'scheduled']),
  startsAt: z.iso.datetime(),
  endsAt: z.iso.datetime(),
});
