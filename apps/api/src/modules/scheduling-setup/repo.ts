import { appointmentTypes, locations, practices, rooms, users, type AppTransaction } from '@mentalspace/db';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { AccessScope } from '../../security/access-scope';

export async function listTypes(tx: AppTransaction, scope: AccessScope) {
  return tx
    .select({
      id: appointmentTypes.id,
      name: appointmentTypes.name,
      durationMinutes: appointmentTypes.durationMinutes,
      cptCode: appointmentTypes.cptCode,
      modality: appointmentTypes.modality,
      kind: appointmentTypes.kind,
      bookableOnline: appointmentTypes.bookableOnline,
      active: appointmentTypes.active,
    })
    .from(appointmentTypes)
    .where(eq(appointmentTypes.practiceId, scope.practiceId))
    .orderBy(asc(appointmentTypes.name));
}

export async function listRooms(tx: AppTransaction, scope: AccessScope) {
  return tx
    .select({
      id: rooms.id,
      locationId: rooms.locationId,
      locationName: locations.name,
      name: rooms.name,
      active: rooms.active,
    })
    .from(rooms)
    .innerJoin(locations, eq(locations.id, rooms.locationId))
    .where(eq(rooms.practiceId, scope.practiceId))
    .orderBy(asc(locations.name), asc(rooms.name));
}

export async function listLocations(tx: AppTransaction, scope: AccessScope) {
  return tx
    .select({ id: locations.id, name: locations.name, timeZone: locations.timeZone })
    .from(locations)
    .where(eq(locations.practiceId, scope.practiceId))
    .orderBy(asc(locations.name));
}

export async function listSchedulableClinicians(tx: AppTransaction, scope: AccessScope) {
  return tx
    .select({
      id: users.id,
      name: sql<string>`users.first_name || ' ' || users.last_name`,
      timeZone: users.timeZone,
      bufferMinutes: users.bufferMinutes,
    })
    .from(users)
    .where(
      and(
        eq(users.practiceId, scope.practiceId),
        eq(users.status, 'active'),
        inArray(users.role, ['clinician', 'supervisor']),
      ),
    )
    .orderBy(asc(users.lastName), asc(users.firstName));
}

export async function insertType(tx: AppTransaction, values: typeof appointmentTypes.$inferInsert) {
  const [row] = await tx.insert(appointmentTypes).values(values).returning();
  return row!;
}

export async function updateType(
  tx: AppTransaction,
  scope: AccessScope,
  id: string,
  values: Partial<typeof appointmentTypes.$inferInsert>,
) {
  const rows = await tx
    .update(appointmentTypes)
    .set(values)
    .where(and(eq(appointmentTypes.practiceId, scope.practiceId), eq(appointmentTypes.id, id)))
    .returning({ id: appointmentTypes.id });
  return rows.length > 0;
}

export async function insertRoom(tx: AppTransaction, values: typeof rooms.$inferInsert) {
  const [row] = await tx.insert(rooms).values(values).returning();
  return row!;
}

export async function findLocation(tx: AppTransaction, scope: AccessScope, id: string) {
  const rows = await tx
    .select({ id: locations.id })
    .from(locations)
    .where(and(eq(locations.practiceId, scope.practiceId), eq(locations.id, id)));
  return rows[0] ?? null;
}

export async function readSchedulingSettings(tx: AppTransaction, scope: AccessScope) {
  const rows = await tx
    .select({ settings: practices.schedulingSettings })
    .from(practices)
    .where(eq(practices.id, scope.practiceId));
  return rows[0]?.settings ?? {};
}

export async function writeSchedulingSettings(
  tx: AppTransaction,
  scope: AccessScope,
  settings: Record<string, unknown>,
) {
  await tx.update(practices).set({ schedulingSettings: settings }).where(eq(practices.id, scope.practiceId));
}
