import { z } from 'zod';
import { InstantSchema, LimitSchema, UuidSchema } from './common';

export const AppointmentStatusSchema = z.enum([
  'requested',
  'scheduled',
  'confirmed',
  'checked_in',
  'in_session',
  'completed',
  'no_show',
  'cancelled',
]);
export type AppointmentStatus = z.infer<typeof AppointmentStatusSchema>;

export const AppointmentModalitySchema = z.enum(['in_person', 'telehealth']);

/** The widest window one schedule request may ask for. */
export const MAX_SCHEDULE_RANGE_DAYS = 42;

export const ListAppointmentsQuerySchema = z
  .strictObject({
    /** One clinician's schedule; omitted: everyone's (practice-wide schedulers only). */
    clinicianId: UuidSchema.optional(),
    from: InstantSchema,
    to: InstantSchema,
    locationId: UuidSchema.optional(),
    roomId: UuidSchema.optional(),
    /** Include cancelled appointments (the calendar hides them by default). */
    includeCancelled: z
      .enum(['true', 'false'])
      .default('false')
      .transform((v) => v === 'true'),
  })
  .refine((q) => Date.parse(q.to) > Date.parse(q.from), { path: ['to'], message: 'must be after from' })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= MAX_SCHEDULE_RANGE_DAYS * 86_400_000, {
    path: ['to'],
    message: `range must be at most ${MAX_SCHEDULE_RANGE_DAYS} days`,
  });
export type ListAppointmentsQuery = z.infer<typeof ListAppointmentsQuerySchema>;

export const ListClientAppointmentsQuerySchema = z.strictObject({
  limit: LimitSchema,
});

export const AppointmentSchema = z.object({
  id: UuidSchema,
  clinicianId: UuidSchema,
  clientId: UuidSchema,
  clientName: z.string(),
  clinicianName: z.string(),
  locationId: UuidSchema.nullable(),
  startsAt: z.iso.datetime(),
  endsAt: z.iso.datetime(),
  status: AppointmentStatusSchema,
  modality: AppointmentModalitySchema,
  serviceCode: z.string().nullable(),
  kind: z.enum(['individual', 'couple', 'family', 'group']),
  appointmentTypeId: UuidSchema.nullable(),
  appointmentTypeName: z.string().nullable(),
  roomId: UuidSchema.nullable(),
  seriesId: UuidSchema.nullable(),
  lateCancel: z.boolean(),
  /** The session's note: none yet, a draft, awaiting co-signature, or signed. Null in the portal. */
  documentation: z.enum(['none', 'draft', 'awaiting_cosign', 'signed']).nullable(),
  /**
   * Completed, and documented as the practice requires (a signed note, unless the practice turned
   * that off): ready for a claim. Null in the portal.
   */
  billable: z.boolean().nullable(),
});
export type Appointment = z.infer<typeof AppointmentSchema>;

export const AppointmentListSchema = z.object({ items: z.array(AppointmentSchema) });
export type AppointmentList = z.infer<typeof AppointmentListSchema>;
