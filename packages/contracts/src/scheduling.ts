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
  /** When the session really ran (a telehealth session records it) and what the claim carries. */
  ran: z
    .object({
      startedAt: z.iso.datetime(),
      endedAt: z.iso.datetime(),
      minutes: z.number().int(),
      placeOfService: z.string().nullable(),
      modifiers: z.array(z.string()),
      /** The psychotherapy code the real duration supports (90832 / 90834 / 90837), if any. */
      supportedCode: z.string().nullable(),
    })
    .nullable(),
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
