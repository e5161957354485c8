import {
  appointmentTypes,
  appointments,
  locations,
  rooms,
  clientClinicians,
  clients,
  practices,
  supervisions,
  users,
  type Database,
} from '@mentalspace/db';
import type { StaffRole } from '@mentalspace/contracts';

// Test data is written as the owner (no practice scope exists before the practice does).

let sequence = 0;
const next = () => (sequence += 1);

export async function createPractice(database: Database, name = `Practice ${next()}`) {
  const [row] = await database.unsafeOwner
    .insert(practices)
    .values({ name, timeZone: 'America/New_York' })
    .returning();
  return row!;
}

export async function createStaff(
  database: Database,
  practice: { id: string },
  role: StaffRole,
  overrides: Partial<typeof users.$inferInsert> = {},
) {
  const n = next();
  const [row] = await database.unsafeOwner
    .insert(users)
    .values({
      practiceId: practice.id,
      email: `staff${n}-${practice.id.slice(-6)}@example.test`,
      firstName: `First${n}`,
      lastName: `Last${n}`,
      role,
      timeZone: 'America/New_York',
      ...overrides,
    })
    .returning();
  return row!;
}

export async function createClient(
  database: Database,
  practice: { id: string },
  options: { clinician?: { id: string }; overrides?: Partial<typeof clients.$inferInsert> } = {},
) {
  const n = next();
  const [row] = await database.unsafeOwner
    .insert(clients)
    .values({
      practiceId: practice.id,
      legalFirstName: `Client${n}`,
      legalLastName: `Family${String(n).padStart(5, '0')}`,
      dateOfBirth: '1990-05-17',
      ...options.overrides,
    })
    .returning();
  if (options.clinician) {
    await database.unsafeOwner
      .insert(clientClinicians)
      .values({ practiceId: practice.id, clientId: row!.id, clinicianId: options.clinician.id });
  }
  return row!;
}

/** Many clients in one statement, for query-count and paging tests. */
export async function createClients(
  database: Database,
  practice: { id: string },
  count: number,
  clinician?: { id: string },
) {
  const rows = await database.unsafeOwner
    .insert(clients)
    .values(
      Array.from({ length: count }, (_, i) => ({
        practiceId: practice.id,
        legalFirstName: `Bulk${i}`,
        legalLastName: `Member${String(i).padStart(5, '0')}`,
        dateOfBirth: '1985-01-01',
      })),
    )
    .returning();
  if (clinician && rows.length > 0) {
    await database.unsafeOwner
      .insert(clientClinicians)
      .values(rows.map((r) => ({ practiceId: practice.id, clientId: r.id, clinicianId: clinician.id })));
  }
  return rows;
}

export async function createAppointment(
  database: Database,
  practice: { id: string },
  values: { clinician: { id: string }; client: { id: string }; startsAt: Date; minutes?: number } & Partial<
    typeof appointments.$inferInsert
  >,
) {
  const { clinician, client, minutes = 50, ...rest } = values;
  const [row] = await database.unsafeOwner
    .insert(appointments)
    .values({
      practiceId: practice.id,
      clinicianId: clinician.id,
      clientId: client.id,
      endsAt: new Date(values.startsAt.getTime() + minutes * 60_000),
      modality: 'in_person',
      ...rest,
    })
    .returning();
  return row!;
}

export async function createSupervision(
  database: Database,
  practice: { id: string },
  supervisor: { id: string },
  supervisee: { id: string },
) {
  const [row] = await database.unsafeOwner
    .insert(supervisions)
    .values({ practiceId: practice.id, supervisorId: supervisor.id, superviseeId: supervisee.id })
    .returning();
  return row!;
}

export async function createLocation(
  database: Database,
  practice: { id: string },
  name = `Office ${next()}`,
) {
  const [row] = await database.unsafeOwner
    .insert(locations)
    .values({ practiceId: practice.id, name, timeZone: 'America/New_York' })
    .returning();
  return row!;
}

export async function createRoom(
  database: Database,
  practice: { id: string },
  location: { id: string },
  name = `Room ${next()}`,
) {
  const [row] = await database.unsafeOwner
    .insert(rooms)
    .values({ practiceId: practice.id, locationId: location.id, name })
    .returning();
  return row!;
}

export async function createAppointmentType(
  database: Database,
  practice: { id: string },
  overrides: Partial<typeof appointmentTypes.$inferInsert> = {},
) {
  const [row] = await database.unsafeOwner
    .insert(appointmentTypes)
    .values({
      practiceId: practice.id,
      name: `Psychotherapy ${next()}`,
      durationMinutes: 53,
      cptCode: '90837',
      modality: 'in_person',
      ...overrides,
    })
    .returning();
  return row!;
}
