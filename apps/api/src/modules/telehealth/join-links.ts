import {
  TELEHEALTH_LATE_MS,
  TELEHEALTH_LIVE_STATUSES,
  type RedeemJoinLinkBody,
  type TelehealthSession,
} from '@mentalspace/contracts';
import type { AppTransaction, Database } from '@mentalspace/db';
import { AppError, notFound } from '../../app-error';
import { writeAudit } from '../../audit/audit-writer';
import { unsafeWriteSecurityEvent } from '../../audit/security-event';
import type { ServiceContext } from '../../plugins/authenticate';
import type { AuditContext } from '../../security/access-scope';
import { hashLinkToken, newLinkToken } from '../../security/link-token';
import { canManageSchedule, offerLinkScopeFor } from '../../security/policy';
import type { RealtimePublisher } from '../../realtime/realtime-server';
import { addressFor, appointmentTime } from '../messaging/compose';
import { enqueueMessages } from '../messaging/outbox';
import {
  clientContacts,
  findSessionByAppointment,
  findTelehealthAppointment,
  insertJoinLink,
  spendJoinLink,
  unsafeFindJoinLink,
  unsafeFindParticipantByPass,
} from './repo';
import { announceArrival, enterWaitingRoom, participantView, type TelehealthDeps } from './service';

/** The cookie that lets a browser that spent a join link back into that one session. */
export const GUEST_PASS_COOKIE = 'ms_telehealth';

/**
 * A single-use join link for one client of one appointment: its URL now (for the message being
 * written), saved in the caller's transaction only if the message is queued (a reminder, or the
 * clinician's "send link"). Only the token's hash is kept; it lapses when the room closes.
 */
export function prepareJoinLink(publicUrl: () => string) {
  const token = newLinkToken();
  return {
    url: `${publicUrl()}/join#${token}`,
    save: (
      tx: AppTransaction,
      link: { practiceId: string; appointmentId: string; clientId: string; endsAt: Date },
    ) =>
      insertJoinLink(tx, {
        practiceId: link.practiceId,
        appointmentId: link.appointmentId,
        clientId: link.clientId,
        tokenHash: hashLinkToken(token),
        expiresAt: new Date(link.endsAt.getTime() + TELEHEALTH_LATE_MS),
      }),
  };
}

/**
 * Spends a join link: the browser that opens it first enters the waiting room and receives a
 * pass (a cookie) for that session; the link then works for no one, and every refused use is
 * audited.
 */
export async function redeemJoinLink(
  database: Database,
  deps: TelehealthDeps & { realtime?: RealtimePublisher | undefined },
  body: RedeemJoinLinkBody,
  audit: AuditContext,
  now = new Date(),
): Promise<{ view: TelehealthSession; pass: string; passExpires: Date }> {
  const link = await unsafeFindJoinLink(database, hashLinkToken(body.token));
  if (!link) {
    await unsafeWriteSecurityEvent(database, { action: 'telehealth.link_refused', ...audit });
    throw notFound('Link');
  }
  const scope = offerLinkScopeFor(link);
  const ctx: ServiceContext = { database, scope, audit, realtime: deps.realtime };
  const refuse = async (reason: 'used' | 'expired' | 'uninvited') => {
    await database.inPractice(link.practiceId, (tx) =>
      writeAudit(tx, scope, audit, {
        action: 'telehealth.link_refused',
        resourceType: 'appointment',
        resourceId: link.appointmentId,
        clientId: link.clientId,
        outcome: 'denied',
        details: { reason },
      }),
    );
    throw new AppError(
      'link_unavailable',
      reason === 'used'
        ? 'This link was already used'
        : reason === 'expired'
          ? 'This link has expired'
          : 'This link is no longer valid for this appointment',
    );
  };
  if (link.usedAt) return refuse('used');
  if (link.expiresAt <= now) return refuse('expired');
  const pass = newLinkToken();
  const result = await database.inPractice(link.practiceId, async (tx) => {
    const appointment = (await findTelehealthAppointment(tx, scope, link.appointmentId))!;
    // A client taken off the appointment since the link was sent is no longer invited.
    if (!appointment.clientIds.includes(link.clientId)) return 'uninvited' as const;
    if (!(await spendJoinLink(tx, scope, link.id, now))) return 'used' as const;
    const arrival = await enterWaitingRoom(
      tx,
      ctx,
      appointment,
      link.clientId,
      { atHome: body.atHome, via: 'link', passHash: hashLinkToken(pass) },
      now,
    );
    return { appointment, arrival };
  });
  if (result === 'used' || result === 'uninvited') return refuse(result);
  announceArrival(ctx, deps, result.appointment, result.arrival);
  const view = await participantView(
    ctx,
    deps,
    result.arrival.session.id,
    {
      participantId: result.arrival.participantId,
    },
    now,
  );
  return { view, pass, passExpires: new Date(result.appointment.endsAt.getTime() + TELEHEALTH_LATE_MS) };
}

/** Who holds a guest pass: their practice, session and client (null for an unknown pass). */
export async function guestFromPass(database: Database, pass: string | undefined) {
  if (!pass || pass.length > 100) return null;
  const participant = await unsafeFindParticipantByPass(database, hashLinkToken(pass));
  if (!participant?.clientId || participant.state === 'removed') return null;
  // The pass lapses with the room, whatever the browser keeps.
  if (participant.appointmentEndsAt.getTime() + TELEHEALTH_LATE_MS <= Date.now()) return null;
  return { ...participant, clientId: participant.clientId };
}

/** A guest's own view of their session, from their pass; any other session is not found. */
export async function guestView(
  database: Database,
  deps: TelehealthDeps,
  pass: string | undefined,
  sessionId: string,
  audit: AuditContext,
) {
  const guest = await guestFromPass(database, pass);
  if (!guest) throw new AppError('unauthenticated', 'Open the link from your invitation again');
  const scope = offerLinkScopeFor(guest);
  const ctx: ServiceContext = { database, scope, audit };
  if (guest.sessionId !== sessionId) {
    await database.inPractice(guest.practiceId, (tx) =>
      writeAudit(tx, scope, audit, {
        action: 'telehealth.read',
        resourceType: 'telehealth_session',
        resourceId: sessionId,
        outcome: 'denied',
      }),
    );
    throw notFound('Session');
  }
  return participantView(ctx, deps, sessionId, { participantId: guest.id });
}

/**
 * Sends each client invited to a telehealth appointment a fresh single-use join link, by their
 * chosen channel, through the outbox (the clinician's or the front desk's "send link"). The
 * message names the practice and the time, never the client or the service.
 */
export async function sendJoinLinks(
  ctx: ServiceContext,
  publicUrl: () => string,
  appointmentId: string,
  now = new Date(),
) {
  const { scope } = ctx;
  const sent = await ctx.database.inPractice(scope.practiceId, async (tx) => {
    const appointment = await findTelehealthAppointment(tx, scope, appointmentId);
    if (!appointment || !canManageSchedule(scope, appointment.clinicianId)) {
      await writeAudit(tx, scope, ctx.audit, {
        action: 'telehealth.send_links',
        resourceType: 'appointment',
        resourceId: appointmentId,
        outcome: 'denied',
      });
      return null;
    }
    if (appointment.modality !== 'telehealth')
      throw new AppError('conflict', 'This appointment is in person, not a video session');
    if (!TELEHEALTH_LIVE_STATUSES.includes(appointment.status))
      throw new AppError('conflict', `The appointment is ${appointment.status.replace('_', ' ')}`);
    if (appointment.endsAt.getTime() + TELEHEALTH_LATE_MS < now.getTime())
      throw new AppError('conflict', 'This video session has closed');
    const session = await findSessionByAppointment(tx, scope, appointmentId);
    if (session?.status === 'ended') throw new AppError('conflict', 'This video session has ended');
    const contacts = await clientContacts(tx, scope, appointmentId, appointment.clientIds);
    let count = 0;
    for (const contact of contacts) {
      const address = addressFor(contact);
      if (!address) continue;
      const link = prepareJoinLink(publicUrl);
      await link.save(tx, {
        practiceId: scope.practiceId,
        appointmentId,
        clientId: contact.clientId,
        endsAt: appointment.endsAt,
      });
      count += await enqueueMessages(tx, scope, [
        {
          ...address,
          subject: `${contact.practiceName}: your video session`,
          body:
            `Your video session with ${contact.practiceName} is on ` +
            `${appointmentTime(appointment.startsAt, contact.timeZone)}.\n\n` +
            `Join here (this link works once, on one device): ${link.url}`,
          purpose: 'telehealth_link',
          // Every send is a new link: the key only guards this one message.
          dedupeKey: `telehealth-link:${appointmentId}:${contact.clientId}:${now.getTime()}`,
        },
      ]);
    }
    await writeAudit(tx, scope, ctx.audit, {
      action: 'telehealth.send_links',
      resourceType: 'appointment',
      resourceId: appointmentId,
      clientId: appointment.clientId,
      details: { sent: count },
    });
    return count;
  });
  if (sent === null) throw notFound('Appointment');
  return { sent };
}
