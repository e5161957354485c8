import {
  appointmentTypes,
  clientClinicians,
  clients,
  staffNotifications,
  users,
  type AppTransaction,
} from '@mentalspace/db';
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { AccessScope } from '../../security/access-scope';

export async function bookableTypes(tx: AppTransaction, scope: AccessScope) {
  return tx
    .select({
      id: appointmentTypes.id,
      name: appointmentTypes.name,
      durationMinutes: appointmentTypes.durationMinutes,
      modality: appointmentTypes.modality,
      cptCode: appointmentTypes.cptCode,
    })
    .from(appointmentTypes)
    .where(
      and(
        eq(appointmentTypes.practiceId, scope.practiceId),
        eq(appointmentTypes.active, true),
        eq(appointmentTypes.bookableOnline, true),
      ),
    )
    .orderBy(asc(appointmentTypes.name));
}

/**
 * The clinicians a portal client may book with: the practice's list if it set one, otherwise the
 * client's own care team. Active clinicians only.
 */
export async function bookableClinicians(
  tx: AppTransaction,
  scope: AccessScope,
  clientId: string,
  listed: readonly string[],
) {
  const base = tx
    .select({
      id: users.id,
      name: sql<string>`${users.firstName} || ' ' || ${users.lastName}`,
      timeZone: users.timeZone,
    })
    .from(users);
  const active = and(
    eq(users.practiceId, scope.practiceId),
    eq(users.status, 'active'),
    inArray(users.role, ['clinician', 'supervisor']),
  );
  if (listed.length > 0)
    return base.where(and(active, inArray(users.id, [...listed]))).orderBy(asc(users.lastName));
  return base
    .innerJoin(
      clientClinicians,
      and(
        eq(clientClinicians.clinicianId, users.id),
        eq(clientClinicians.clientId, clientId),
        isNull(clientClinicians.endedAt),
      ),
    )
    .where(active)
    .orderBy(asc(users.lastName));
}

export async function clientContact(tx: AppTransaction, scope: AccessScope, clientId: string) {
  const rows = await tx
    .select({
      email: clients.email,
      phone: clients.phone,
      channel: clients.reminderChannel,
      name: sql<string>`coalesce(${clients.preferredName}, ${clients.legalFirstName}) || ' ' || ${clients.legalLastName}`,
    })
    .from(clients)
    .where(and(eq(clients.practiceId, scope.practiceId), eq(clients.id, clientId)));
  return rows[0]!;
}

export async function notifyClinician(
  tx: AppTransaction,
  scope: AccessScope,
  values: { userId: string; clientId: string; message: string },
) {
  await tx
    .insert(staffNotifications)
    .values({ ...values, kind: 'online_booking', practiceId: scope.practiceId });
}
