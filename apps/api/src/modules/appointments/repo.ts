import {
  appointmentParticipants,
  appointments,
  appointmentSeries,
  appointmentStatusChanges,
  appointmentTypes,
  clients,
  clinicalNotes,
  practices,
  users,
  type AppTransaction,
} from '@mentalspace/db';
import { and, asc, desc, eq, gte, lt, ne, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
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
  kind: appointments.kind,
  appointmentTypeId: appointments.appointmentTypeId,
  appointmentTypeName: sql<string | null>`(select t.name from ${appointmentTypes} t
    where t.practice_id = ${appointments.practiceId} and t.id = ${appointments.appointmentTypeId})`,
  roomId: appointments.roomId,
  seriesId: appointments.seriesId,
  lateCancel: appointments.lateCancel,
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

/**
 * Appointments that start in [from, to), in time order: one clinician's (one index range scan) or
 * the practice's, narrowed by location or room.
 */
export async function listClinicianAppointments(
  tx: AppTransaction,
  scope: AccessScope,
  filter: {
    clinicianId?: string | undefined;
    from: Date;
    to: Date;
    locationId?: string | undefined;
    roomId?: string | undefined;
    includeCancelled?: boolean;
  },
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
        filter.clinicianId ? eq(appointments.clinicianId, filter.clinicianId) : undefined,
        gte(appointments.startsAt, filter.from),
        lt(appointments.startsAt, filter.to),
        filter.locationId ? eq(appointments.locationId, filter.locationId) : undefined,
        filter.roomId ? eq(appointments.roomId, filter.roomId) : undefined,
        filter.includeCancelled ? undefined : ne(appointments.status, 'cancelled'),
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

const changedBy = alias(users, 'changed_by');

/** One appointment with its series rule, other participants and status history: three reads. */
export async function findAppointmentDetail(tx: AppTransaction, scope: AccessScope, id: string) {
  const rows = await tx
    .select({
      ...appointmentColumns,
      cancelledBy: appointments.cancelledBy,
      actualStartedAt: appointments.actualStartedAt,
      actualEndedAt: appointments.actualEndedAt,
      placeOfService: appointments.placeOfService,
      modifiers: appointments.modifiers,
      seriesRule: appointmentSeries.rrule,
      seriesEndedAt: appointmentSeries.endedAt,
    })
    .from(appointments)
    .innerJoin(
      clients,
      and(eq(clients.practiceId, appointments.practiceId), eq(clients.id, appointments.clientId)),
    )
    .innerJoin(users, eq(users.id, appointments.clinicianId))
    .leftJoin(appointmentSeries, eq(appointmentSeries.id, appointments.seriesId))
    .where(and(eq(appointments.practiceId, scope.practiceId), eq(appointments.id, id)))
    .limit(1);
  const row = rows[0];
  if (!row) return null;
  const participants = await tx
    .select({
      clientId: appointmentParticipants.clientId,
      clientName: sql<string>`coalesce(${clients.preferredName}, ${clients.legalFirstName}) || ' ' || ${clients.legalLastName}`,
    })
    .from(appointmentParticipants)
    .innerJoin(
      clients,
      and(
        eq(clients.practiceId, appointmentParticipants.practiceId),
        eq(clients.id, appointmentParticipants.clientId),
      ),
    )
    .where(
      and(
        eq(appointmentParticipants.practiceId, scope.practiceId),
        eq(appointmentParticipants.appointmentId, id),
      ),
    );
  const history = await tx
    .select({
      fromStatus: appointmentStatusChanges.fromStatus,
      toStatus: appointmentStatusChanges.toStatus,
      changedByName: sql<string | null>`${changedBy.firstName} || ' ' || ${changedBy.lastName}`,
      channel: appointmentStatusChanges.channel,
      cancelledBy: appointmentStatusChanges.cancelledBy,
      lateCancel: appointmentStatusChanges.lateCancel,
      changedAt: appointmentStatusChanges.changedAt,
    })
    .from(appointmentStatusChanges)
    .leftJoin(changedBy, eq(changedBy.id, appointmentStatusChanges.changedBy))
    .where(
      and(
        eq(appointmentStatusChanges.practiceId, scope.practiceId),
        eq(appointmentStatusChanges.appointmentId, id),
      ),
    )
    .orderBy(asc(appointmentStatusChanges.changedAt), asc(appointmentStatusChanges.id));
  return { row, participants, history };
}
