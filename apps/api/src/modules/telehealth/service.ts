import {
  psychotherapyCodeFor,
  type JoinTelehealthBody,
  type TelehealthEndResult,
  type TelehealthSession,
} from '@mentalspace/contracts';
import type { AppTransaction } from '@mentalspace/db';
import { AppError, notFound } from '../../app-error';
import { writeAudit } from '../../audit/audit-writer';
import type { ServiceContext } from '../../plugins/authenticate';
import type { AccessScope } from '../../security/access-scope';
import { changeAppointmentStatusIn } from '../appointments/status-change';
import { recordSessionRan } from '../appointments/session-record';
import type { TelehealthChannel } from './channel';
import { iceServersFor, type IceConfig } from './ice-servers';
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
  type ParticipantRow,
} from './repo';

export interface TelehealthDeps {
  channel: TelehealthChannel;
  ice: IceConfig;
}

/** The clinician may open the room an hour early; clients may wait from half an hour before. */
export const HOST_EARLY_MS = 60 * 60_000;
export const CLIENT_EARLY_MS = 30 * 60_000;
/** A session may run over: the room stays open until two hours after the booked end. */
export const LATE_MS = 2 * 60 * 60_000;

const LIVE_STATUSES = new Set(['scheduled', 'confirmed', 'checked_in', 'in_session']);

type TelehealthAppointment = NonNullable<Awaited<ReturnType<typeof findTelehealthAppointment>>>;
type SessionRow = NonNullable<Awaited<ReturnType<typeof findSession>>>;

interface ViewData {
  session: SessionRow;
  appointment: TelehealthAppointment;
  me: ParticipantRow;
  participants: Awaited<ReturnType<typeof listParticipants>>;
}

/** Refuses a session that cannot be entered now: the wrong modality, status or time. */
function assertEnterable(appointment: TelehealthAppointment, earlyMs: number, now: Date) {
  if (appointment.modality !== 'telehealth')
    throw new AppError('conflict', 'This appointment is in person, not a video session');
  if (!LIVE_STATUSES.has(appointment.status))
    throw new AppError('conflict', `The appointment is ${appointment.status.replace('_', ' ')}`);
  if (now.getTime() < appointment.startsAt.getTime() - earlyMs)
    throw new AppError(
      'conflict',
      `The video session opens ${Math.round(earlyMs / 60_000)} minutes before the appointment`,
    );
  if (now.getTime() > appointment.endsAt.getTime() + LATE_MS)
    throw new AppError('conflict', 'This video session has closed');
}

async function deny(
  tx: AppTransaction,
  ctx: ServiceContext,
  action: `telehealth.${string}`,
  resourceId: string,
) {
  await writeAudit(tx, ctx.scope, ctx.audit, {
    action,
    resourceType: 'telehealth_session',
    resourceId,
    outcome: 'denied',
  });
  return null;
}

async function toView(deps: TelehealthDeps, data: ViewData, now: Date): Promise<TelehealthSession> {
  const { session, appointment, me } = data;
  const online = await deps.channel.online(session.id);
  // A client sees the host and the admitted; only the host sees who waits.
  const visible =
    me.role === 'host'
      ? data.participants
      : data.participants.filter((p) => p.role === 'host' || p.state === 'admitted');
  return {
    id: session.id,
    appointmentId: appointment.id,
    status: session.status,
    startsAt: appointment.startsAt.toISOString(),
    endsAt: appointment.endsAt.toISOString(),
    clinicianName: appointment.clinicianName,
    startedAt: session.startedAt?.toISOString() ?? null,
    endedAt: session.endedAt?.toISOString() ?? null,
    me: { participantId: me.id, role: me.role, state: me.state },
    participants: visible.map((p) => ({
      id: p.id,
      role: p.role,
      name: p.name,
      via: p.via,
      state: p.state,
      online: online.has(p.id),
      joinedAt: p.joinedAt.toISOString(),
    })),
    // Only those in the call need a relay: a waiting client gets none yet.
    iceServers: me.state === 'admitted' ? iceServersFor(deps.ice, me.id, now) : [],
  };
}

async function viewData(
  tx: AppTransaction,
  scope: AccessScope,
  session: SessionRow,
  appointment: TelehealthAppointment,
  meId: string,
): Promise<ViewData> {
  const participants = await listParticipants(tx, scope, session.id);
  const me = (await findParticipant(tx, scope, session.id, { participantId: meId }))!;
  return { session, appointment, me, participants };
}

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
    if (session.status !== 'ended') assertEnterable(appointment, HOST_EARLY_MS, now);
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
    const found = await hostedSession(tx, ctx, sessionId, true);
    const participant = found && (await findParticipant(tx, scope, sessionId, { participantId }));
    if (!found || !participant || participant.role !== 'client')
      return deny(tx, ctx, 'telehealth.admit', sessionId);
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
    const found = await hostedSession(tx, ctx, sessionId, true);
    const participant = found && (await findParticipant(tx, scope, sessionId, { participantId }));
    if (!found || !participant || participant.role !== 'client')
      return deny(tx, ctx, 'telehealth.remove', sessionId);
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

/**
 * A client enters the waiting room (from the portal, or through a join link as a guest). Only a
 * client invited to the appointment gets a row; a returning client keeps their admission, so a
 * dropped connection rejoins the call without waiting again. The client's arrival checks the
 * appointment in and tells the clinician.
 */
export async function enterWaitingRoom(
  tx: AppTransaction,
  ctx: ServiceContext,
  appointment: TelehealthAppointment,
  clientId: string,
  arrival: JoinTelehealthBody & { via: 'portal' | 'link'; passHash?: string },
  now: Date,
) {
  const { scope } = ctx;
  const session = await openSession(tx, scope, appointment.id);
  if (session.status === 'ended') throw new AppError('conflict', 'This video session has ended');
  assertEnterable(appointment, CLIENT_EARLY_MS, now);
  const existing = await findParticipant(tx, scope, session.id, { clientId });
  if (existing?.state === 'removed')
    throw new AppError('forbidden', 'The clinician has closed this session to you');
  let participantId: string;
  if (existing) {
    participantId = existing.id;
    await updateParticipant(tx, scope, existing.id, {
      atHome: arrival.atHome,
      ...(arrival.passHash ? { passHash: arrival.passHash } : {}),
    });
  } else {
    const added = await addParticipant(tx, scope, {
      sessionId: session.id,
      role: 'client',
      clientId,
      via: arrival.via,
      state: 'waiting',
      atHome: arrival.atHome,
      passHash: arrival.passHash ?? null,
    });
    participantId = added ? added.id : (await findParticipant(tx, scope, session.id, { clientId }))!.id;
  }
  let checkedIn = false;
  if (
    clientId === appointment.clientId &&
    (appointment.status === 'scheduled' || appointment.status === 'confirmed')
  ) {
    // The status is re-read under lock: if the host admitted someone meanwhile (in session), the
    // arrival no longer checks in, and that is no error.
    const changed = await changeAppointmentStatusIn(
      tx,
      ctx,
      appointment.id,
      { status: 'checked_in', scope: 'this' },
      { now, channel: 'telehealth', authorizedByLink: true },
    ).catch((error: unknown) => {
      if (error instanceof AppError && error.code === 'conflict') return null;
      throw error;
    });
    checkedIn = (changed?.changed ?? 0) > 0;
  }
  await writeAudit(tx, scope, ctx.audit, {
    action: 'telehealth.join',
    resourceType: 'telehealth_session',
    resourceId: session.id,
    clientId,
    details: { via: arrival.via },
  });
  return { session, participantId, checkedIn };
}

/** After a client's arrival commits: the host's screens and the schedule hear of it. */
export function announceArrival(
  ctx: ServiceContext,
  deps: TelehealthDeps,
  appointment: TelehealthAppointment,
  arrival: { session: SessionRow; checkedIn: boolean },
) {
  deps.channel.lobbyChanged(arrival.session.id);
  ctx.realtime?.toUsers([appointment.clinicianId], 'telehealth.waiting', {
    appointmentId: appointment.id,
    sessionId: arrival.session.id,
  });
  if (arrival.checkedIn)
    ctx.realtime?.toUsers([appointment.clinicianId], 'appointment.checked_in', {
      appointmentId: appointment.id,
      startsAt: appointment.startsAt.toISOString(),
    });
}

/** A portal client joins their appointment's video session (waiting room first). */
export async function joinFromPortal(
  ctx: ServiceContext,
  deps: TelehealthDeps,
  appointmentId: string,
  body: JoinTelehealthBody,
  now = new Date(),
): Promise<TelehealthSession> {
  const { scope } = ctx;
  if (scope.clients.kind !== 'self') throw new AppError('forbidden', 'This endpoint is for clients');
  const clientId = scope.clients.clientId;
  const result = await ctx.database.inPractice(scope.practiceId, async (tx) => {
    const appointment = await findTelehealthAppointment(tx, scope, appointmentId);
    if (!appointment || !appointment.clientIds.includes(clientId))
      return deny(tx, ctx, 'telehealth.join', appointmentId);
    const arrival = await enterWaitingRoom(tx, ctx, appointment, clientId, { ...body, via: 'portal' }, now);
    const session = (await findSession(tx, scope, arrival.session.id))!;
    return {
      appointment,
      arrival,
      data: await viewData(tx, scope, session, appointment, arrival.participantId),
    };
  });
  if (!result) throw notFound('Appointment');
  announceArrival(ctx, deps, result.appointment, result.arrival);
  return toView(deps, result.data, now);
}

/** A participant's own view of their session (portal client or guest), e.g. after a reload. */
export async function participantView(
  ctx: ServiceContext,
  deps: TelehealthDeps,
  sessionId: string,
  who: { clientId: string } | { participantId: string },
  now = new Date(),
): Promise<TelehealthSession> {
  const { scope } = ctx;
  const data = await ctx.database.inPractice(scope.practiceId, async (tx) => {
    const session = await findSession(tx, scope, sessionId);
    const me = session && (await findParticipant(tx, scope, session.id, who));
    if (!session || !me || me.role !== 'client' || me.state === 'removed')
      return deny(tx, ctx, 'telehealth.read', sessionId);
    const appointment = (await findTelehealthAppointment(tx, scope, session.appointmentId))!;
    return viewData(tx, scope, session, appointment, me.id);
  });
  if (!data) throw notFound('Session');
  return toView(deps, data, now);
}
