import { z } from 'zod';
import { BreachSettingsSchema } from './breach-settings';

/**
 * The owners' form saves every threshold at once. Built from `BreachSettingsSchema`, so a
 * threshold added there is accepted here without a change; unlike the lenient stored read, an
 * unknown key or a missing one is refused rather than dropped or defaulted.
 */
export const UpdateBreachSettingsBodySchema = z
  .strictObject(BreachSettingsSchema.shape)
  .extend({ businessHours: z.strictObject(BreachSettingsSchema.shape.businessHours.unwrap().shape) })
  .required()
  // The after-hours rule flags an hour outside [start, end): an end at or before the start would
  // flag every hour of the day, so working hours must not wrap past midnight.
  .refine((s) => s.businessHours.end > s.businessHours.start, {
    path: ['businessHours', 'end'],
    message: 'must be later than the start of working hours',
  });
export type UpdateBreachSettingsBody = z.infer<typeof UpdateBreachSettingsBodySchema>;

/** The practice's thresholds as detection applies them: stored values, defaults for the rest. */
export const BreachSettingsResponseSchema = BreachSettingsSchema.required();
