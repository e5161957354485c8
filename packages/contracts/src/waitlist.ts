import { z } from 'zod';
import { AppointmentModalitySchema, AppointmentStatusSchema } from './appointments';
import { UuidSchema } from './common';

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
