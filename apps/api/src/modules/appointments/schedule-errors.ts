import type { ScheduleConflict } from '@mentalspace/contracts';
import { AppError } from '../../app-error';
import { integrityViolation } from '../../database-errors';

export const invalidField = (field: string, message: string) =>
  new AppError('validation_failed', `${field.replace(/^body\./, '')} ${message}`, {
    fieldErrors: [{ field, message }],
  });

/** The slot is taken: 409 naming when, and whether the clinician's or the room's time. */
export const slotTaken = (conflict: ScheduleConflict | null) =>
  new AppError(
    'appointment_conflict',
    conflict
      ? `The ${conflict.resource} is booked from ${conflict.startsAt} to ${conflict.endsAt}`
      : 'The time slot is already booked',
    conflict ? { conflict } : undefined,
  );

/** Whether an error is one of the no-double-booking exclusion constraints. */
export function isOverlap(error: unknown): boolean {
  const violation = integrityViolation(error);
  return violation?.code === '23P01';
}
