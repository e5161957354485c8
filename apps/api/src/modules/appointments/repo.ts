import { appointments, clients, clinicalNotes, practices, users, type AppTransaction } from '@mentalspace/db';
import { and, asc, desc, eq, gte, lt, sql } from 'drizzle-orm';
import type { AccessScope } from '../../security/access-scope';

// Read model: names for display are joined from the chart and staff tables (read-only); changes
// to those records go through their own modules.
const appointmentColumns = {
  id: appointments.id,
  clinicianId: appointments.clinicianId,
  clientId: appointments.clientId,
  clientName: sql<string>`coalesce(${clients.preferredName}, ${clients.legalFirstName}) || ' ' || ${clients.legalLastName}`,
  clinicianName: sql<string>`${users.firstName} || ' ' || ${users.lastName}`,
  locationId: appointments.locationId,
  startsAt: appointments.startsAt,
  endsAt: appointments.endsAt,
  status: appointments.status,
  modality: appointments.modality,
  serviceCode: appointments.serviceCode,
  // The most advanced note written for this appointment (index on clinical_notes.appointment_id).
  documentation: sql<'none' | 'draft' | 'awaiting_cosign' | 'signed'>`coalesce((select n.status::text
    from ${clinicalNotes} n where n.practice_id = ${appointments.practiceId} and n.appointment_id = ${appointments.id}
    order by case n.status when 'signed' then 0 when 'awaiting_cosign' then 1 else 2 end limit 1), 'none')`,
  billable: sql<boolean>`(${appointments.status} = 'completed' and (
    not coalesce((select (p.clinical_settings ->> 'requireSignedNoteForBilling')::boolean
      from ${practices} p where p.id = ${appointments.practiceId}), true)
    or exists (select 1 from ${clinicalNotes} n where n.practice_id = ${appointments.practiceId}
      and n.appointment_id = ${appointments.id} and n.status = 'signed')))`,
};

/** A clinician's appointments that start in [from, to), in time order: one index range scan. */
export async function listClinicianAppointments(
  tx: AppTransaction,
  scope: AccessScope,
  filter: { clinicianId: string; from: Date; to: Date },
) {
  return tx
    .select(appointmentColumns)
    .from(appointments)
    .innerJoin(
      clients,
      and(eq(clients.practiceId, appointments.practiceId), eq(clients.id, appointments.clientId)),
    )
    .innerJoin(users, eq(users.id, appointments.clinicianId))
    .where(
      and(
        eq(appointments.practiceId, scope.practiceId),
        eq(appointments.clinicianId, filter.clinicianId),
        gte(appointments.startsAt, filter.from),
        lt(appointments.startsAt, filter.to),
      ),
    )
    .orderBy(asc(appointments.startsAt))
    .limit(2_000);
}

/** A client's most recent and upcoming appointments, newest first. */
export async function listClientAppointments(
  tx: AppTransaction,
  scope: AccessScope,
  filter: { clientId: string; limit: number },
) {
  return tx
    .select(appointmentColumns)
    .from(appointments)
    .innerJoin(
      clients,
      and(eq(clients.practiceId, appointments.practiceId), eq(clients.id, appointments.clientId)),
    )
    .innerJoin(users, eq(users.id, appointments.clinicianId))
    .where(and(eq(appointments.practiceId, scope.practiceId), eq(appointments.clientId, filter.clientId)))
    .orderBy(desc(appointments.startsAt))
    .limit(filter.limit);
}
