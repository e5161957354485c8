import { appointments, type AppTransaction } from '@mentalspace/db';
import { and, eq } from 'drizzle-orm';
import type { AccessScope } from '../../security/access-scope';

/**
 * Records when a session really ran and what the claim will carry for it (place of service and
 * modifiers), in the caller's transaction: the telehealth session's end writes it.
 */
export async function recordSessionRan(
  tx: AppTransaction,
  scope: AccessScope,
  appointmentId: string,
  ran: { startedAt: Date; endedAt: Date; placeOfService: '02' | '10'; modifiers: string[] },
) {
  await tx
    .update(appointments)
    .set({
      actualStartedAt: ran.startedAt,
      actualEndedAt: ran.endedAt,
      placeOfService: ran.placeOfService,
      modifiers: ran.modifiers,
    })
    .where(and(eq(appointments.practiceId, scope.practiceId), eq(appointments.id, appointmentId)));
}
