import type { AppointmentLinkView } from '@mentalspace/contracts';
import type { Database } from '@mentalspace/db';
import { AppError, notFound } from '../../app-error';
import { writeAudit } from '../../audit/audit-writer';
import type { AuditContext } from '../../security/access-scope';
import { hashLinkToken } from '../../security/link-token';
import { offerLinkScopeFor } from '../../security/policy';
import { changeAppointmentStatus, type SlotsFreedHook } from '../appointments/status-change';
import { linkedAppointment, unsafeFindLink, useLink } from './repo';

async function resolve(database: Database, token: string) {
  const link = await unsafeFindLink(database, hashLinkToken(token));
  if (!link) throw notFound('Link');
  return { link, scope: offerLinkScopeFor(link) };
}

/** What a reminder's link is about, for the page it opens. */
export async function viewAppointmentLink(
  database: Database,
  token: string,
  now = new Date(),
): Promise<AppointmentLinkView> {
  const { link, scope } = await resolve(database, token);
  const a = await database.inPractice(link.practiceId, (tx) =>
    linkedAppointment(tx, scope, link.appointmentId),
  );
  return {
    status: a.status,
    usable:
      link.usedAt === null && link.expiresAt > now && (a.status === 'scheduled' || a.status === 'confirmed'),
    practiceName: a.practiceName,
    clinicianName: a.clinicianName,
    startsAt: a.startsAt.toISOString(),
    endsAt: a.endsAt.toISOString(),
    modality: a.modality,
    timeZone: a.timeZone,
  };
}

/**
 * Confirms or cancels the one appointment a reminder's link names, once, before it starts. A
 * cancellation frees the slot for the waitlist like any other.
 */
export async function actOnAppointmentLink(
  database: Database,
  token: string,
  action: 'confirm' | 'cancel',
  audit: AuditContext,
  onSlotsFreed: SlotsFreedHook | undefined,
  now = new Date(),
) {
  const { link, scope } = await resolve(database, token);
  if (link.usedAt) throw new AppError('conflict', 'This link was already used');
  if (link.expiresAt <= now) throw new AppError('conflict', 'This link has expired');
  // The status change decides (it locks the appointment); a second click of the same link finds
  // the status already set and changes nothing. The link is then spent.
  const result = await changeAppointmentStatus(
    { database, scope, audit },
    link.appointmentId,
    action === 'confirm'
      ? { status: 'confirmed', scope: 'this' }
      : { status: 'cancelled', cancelledBy: 'client', scope: 'this' },
    { now, channel: 'reminder_link', authorizedByLink: true, ...(onSlotsFreed ? { onSlotsFreed } : {}) },
  );
  await database.inPractice(link.practiceId, async (tx) => {
    await useLink(tx, scope, link.id);
    await writeAudit(tx, scope, audit, {
      action: `appointment_link.${action}`,
      resourceType: 'appointment',
      resourceId: link.appointmentId,
      clientId: link.clientId,
    });
  });
  return result;
}
