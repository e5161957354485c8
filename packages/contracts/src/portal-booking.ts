import { z } from 'zod';
import { AppointmentModalitySchema } from './appointments';
import { MAX_SLOT_RANGE_DAYS } from './availability';
import { InstantSchema, UuidSchema } from './common';

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
