import {
  psychotherapyCodeFor,
  TELEHEALTH_HOST_EARLY_MS,
  type TelehealthEndResult,
  type TelehealthSession,
} from '@mentalspace/contracts';
import type { AppTransaction } from '@mentalspace/db';
import { AppError, notFound } from '../../app-error';
import { writeAudit } from '../../audit/audit-writer';
import type { ServiceContext } from '../../plugins/authenticate';
import { changeAppointmentStatusIn } from '../appointments/status-change';
import { recordSessionRan } from '../appointments/session-record';
import {
  addParticipant,
  findParticipant,
  findSession,
  findSessionForUpdate,
  findTelehealthAppointment,
  listParticipants,
  openSession,
  updateParticipant,
  updateSession,
} from './repo';
import { assertEnterable, deny, toView, viewData, type TelehealthDeps } from './service';

// The host's side of a video session: open, read the waiting room, admit, remove, end.

/** The clinician opens (or returns to) the appointment's video session and is its host. */
export async function openAsHost(
  ctx: ServiceContext,
  deps: TelehealthDeps,
  appointmentId: string,
  now = new Date(),
): Promise<TelehealthSession> {
  const { scope } = ctx;
  const data = await ctx.database.inPractice(scope.practiceId, async (tx) => {
    const appointment = await findTelehealthAppointment(tx, scope, appointmentId);
    // Only the appointment's clinician hosts its session; anyone else learns nothing.
    if (!appointment || appointment.clinicianId !== scope.actorUserId || scope.actorRole === 'client')
      return deny(tx, ctx, 'telehealth.open', appointmentId);
    const session = await openSession(tx, scope, appointmentId);
    if (session.status !== 'ended') assertEnterable(appointment, TELEHEALTH_HOST_EARLY_MS, now);
    await addParticipant(tx, scope, {
      sessionId: session.id,
      role: 'host',
      userId: scope.actorUserId,
      via: 'staff',
      state: 'admitted',
      admittedAt: now,
      admittedBy: scope.actorUserId,
    });
    const me = (await findParticipant(tx, scope, session.id, { userId: scope.actorUserId }))!;
    await writeAudit(tx, scope, ctx.audit, {
      action: 'telehealth.open',
      resourceType: 'telehealth_session',
      resourceId: session.id,
      clientId: appointment.clientId,
    });
    return viewData(tx, scope, session, appointment, me.id);
  });
  if (!data) throw notFound('Appointment');
  return toView(deps, data, now);
}

/** Reads a session as its host (the waiting room, who is online). */
export async function hostView(
  ctx: ServiceContext,
  deps: TelehealthDeps,
  sessionId: string,
  now = new Date(),
): Promise<TelehealthSession> {
  const { scope } = ctx;
  const data = await ctx.database.inPractice(scope.practiceId, async (tx) => {
    const found = await hostedSession(tx, ctx, sessionId, false);
    if (!found) return deny(tx, ctx, 'telehealth.read', sessionId);
    return viewData(tx, scope, found.session, found.appointment, found.host.id);
  });
  if (!data) throw notFound('Session');
  return toView(deps, data, now);
}

/** The session with its appointment when the caller hosts it; null otherwise (the caller audits). */
async function hostedSession(tx: AppTransaction, ctx: ServiceContext, sessionId: string, lock: boolean) {
  const { scope } = ctx;
  if (scope.actorRole === 'client') return null;
  const session = lock
    ? await findSessionForUpdate(tx, scope, sessionId)
    : await findSession(tx, scope, sessionId);
  if (!session) return null;
  const host = await findParticipant(tx, scope, session.id, { userId: scope.actorUserId });
  if (!host || host.role !== 'host') return null;
  const appointment = (await findTelehealthAppointment(tx, scope, session.appointmentId))!;
  // Hosting follows the appointment: a reassigned appointment's former clinician hosts no more.
  if (appointment.clinicianId !== scope.actorUserId) return null;
  return { session, appointment, host };
}

/** The hosted session (locked) and one of its clients; null when either is out of reach. */
async function hostedClient(
  tx: AppTransaction,
  ctx: ServiceContext,
  sessionId: string,
  participantId: string,
) {
  const found = await hostedSession(tx, ctx, sessionId, true);
  const participant = found && (await findParticipant(tx, ctx.scope, sessionId, { participantId }));
  if (!found || !participant || participant.role !== 'client') return null;
  return { ...found, participant };
}

/**
 * The host lets a waiting client in (or back in after a removal). The first admission is the
 * session's actual start, and the appointment is then in session.
 */
export async function admitParticipant(
  ctx: ServiceContext,
  deps: TelehealthDeps,
  sessionId: string,
  participantId: string,
  now = new Date(),
): Promise<TelehealthSession> {
  const { scope } = ctx;
  const data = await ctx.database.inPractice(scope.practiceId, async (tx) => {
    const found = await hostedClient(tx, ctx, sessionId, participantId);
    if (!found) return deny(tx, ctx, 'telehealth.admit', sessionId);
    const { participant } = found;
    if (found.session.status === 'ended') throw new AppError('conflict', 'This video session has ended');
    await updateParticipant(tx, scope, participant.id, {
      state: 'admitted',
      admittedAt: now,
      admittedBy: scope.actorUserId,
    });
    let session = found.session;
    if (session.status === 'open') {
      await updateSession(tx, scope, sessionId, { status: 'live', startedAt: now });
      session = { ...session, status: 'live', startedAt: now };
    }
    if (found.appointment.status !== 'in_session') {
      const changed = await changeAppointmentStatusIn(
        tx,
        ctx,
        found.appointment.id,
        { status: 'in_session', scope: 'this' },
        { now, channel: 'telehealth' },
      );
      if (!changed) throw notFound('Appointment');
    }
    await writeAudit(tx, scope, ctx.audit, {
      action: 'telehealth.admit',
      resourceType: 'telehealth_session',
      resourceId: sessionId,
      clientId: participant.clientId,
    });
    return viewData(tx, scope, session, found.appointment, found.host.id);
  });
  if (!data) throw notFound('Participant');
  deps.channel.admitted(sessionId, participantId);
  deps.channel.lobbyChanged(sessionId);
  return toView(deps, data, now);
}

/** The host removes a client from the call or turns them away from the waiting room. */
export async function removeParticipant(
  ctx: ServiceContext,
  deps: TelehealthDeps,
  sessionId: string,
  participantId: string,
  now = new Date(),
): Promise<TelehealthSession> {
  const { scope } = ctx;
  const data = await ctx.database.inPractice(scope.practiceId, async (tx) => {
    const found = await hostedClient(tx, ctx, sessionId, participantId);
    if (!found) return deny(tx, ctx, 'telehealth.remove', sessionId);
    const { participant } = found;
    await updateParticipant(tx, scope, participant.id, { state: 'removed' });
    await writeAudit(tx, scope, ctx.audit, {
      action: 'telehealth.remove',
      resourceType: 'telehealth_session',
      resourceId: sessionId,
      clientId: participant.clientId,
    });
    return viewData(tx, scope, found.session, found.appointment, found.host.id);
  });
  if (!data) throw notFound('Participant');
  deps.channel.removed(sessionId, participantId);
  deps.channel.lobbyChanged(sessionId);
  return toView(deps, data, now);
}

/**
 * The host ends the session. A session that ran records its actual start and end on the
 * appointment with place of service 10 (every client at home) or 02, and modifier 95
 * (synchronous audio-video telehealth); the appointment is completed.
 */
export async function endSession(
  ctx: ServiceContext,
  deps: TelehealthDeps,
  sessionId: string,
  now = new Date(),
): Promise<{ record: TelehealthEndResult | null }> {
  const { scope } = ctx;
  const result = await ctx.database.inPractice(scope.practiceId, async (tx) => {
    const found = await hostedSession(tx, ctx, sessionId, true);
    if (!found) return deny(tx, ctx, 'telehealth.end', sessionId);
    if (found.session.status === 'ended')
      throw new AppError('conflict', 'This video session has already ended');
    await updateSession(tx, scope, sessionId, { status: 'ended', endedAt: now, endedBy: scope.actorUserId });
    const startedAt = found.session.startedAt;
    let record: TelehealthEndResult | null = null;
    if (startedAt) {
      const clientsIn = (await listParticipants(tx, scope, sessionId)).filter(
        (p) => p.role === 'client' && p.state === 'admitted',
      );
      const placeOfService = clientsIn.length > 0 && clientsIn.every((p) => p.atHome === true) ? '10' : '02';
      const modifiers = ['95'];
      await recordSessionRan(tx, scope, found.appointment.id, {
        startedAt,
        endedAt: now,
        placeOfService,
        modifiers,
      });
      const completed = await changeAppointmentStatusIn(
        tx,
        ctx,
        found.appointment.id,
        { status: 'completed', scope: 'this' },
        { now, channel: 'telehealth', sessionRan: true },
      );
      if (!completed) throw notFound('Appointment');
      const minutes = Math.floor((now.getTime() - startedAt.getTime()) / 60_000);
      record = {
        startedAt: startedAt.toISOString(),
        endedAt: now.toISOString(),
        minutes,
        placeOfService,
        modifiers,
        supportedCode: psychotherapyCodeFor(minutes),
      };
    }
    await writeAudit(tx, scope, ctx.audit, {
      action: 'telehealth.end',
      resourceType: 'telehealth_session',
      resourceId: sessionId,
      clientId: found.appointment.clientId,
      details: record ? { minutes: record.minutes, placeOfService: record.placeOfService } : { ran: false },
    });
    return { record };
  });
  if (!result) throw notFound('Session');
  deps.channel.ended(sessionId);
  return result;
}
