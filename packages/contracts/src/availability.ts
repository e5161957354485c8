import { z } from 'zod';
import { AppointmentModalitySchema } from './appointments';
import { InstantSchema, UuidSchema } from './common';
import { MAX_APPOINTMENT_MINUTES, TimeZoneSchema } from './scheduling';

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
