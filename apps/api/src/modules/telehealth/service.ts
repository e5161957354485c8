import {
  TELEHEALTH_CLIENT_EARLY_MS,
  TELEHEALTH_LATE_MS,
  TELEHEALTH_LIVE_STATUSES,
  type JoinTelehealthBody,
  type TelehealthSession,
} from '@mentalspace/contracts';
import type { AppTransaction } from '@mentalspace/db';
import { AppError, notFound } from '../../app-error';
import { writeAudit } from '../../audit/audit-writer';
import type { ServiceContext } from '../../plugins/authenticate';
import type { AccessScope } from '../../security/access-scope';
import { changeAppointmentStatusIn } from '../appointments/status-change';
import type { TelehealthChannel } from './channel';
import { iceServersFor, type IceConfig } from './ice-servers';
import {
  addParticipant,
  findParticipant,
  findSession,
  findTelehealthAppointment,
  listParticipants,
  openSession,
  updateParticipant,
  type ParticipantRow,
} from './repo';

export interface TelehealthDeps {
  channel: TelehealthChannel;
  ice: IceConfig;
}

export type TelehealthAppointment = NonNullable<Awaited<ReturnType<typeof findTelehealthAppointment>>>;
type SessionRow = NonNullable<Awaited<ReturnType<typeof findSession>>>;

interface ViewData {
  session: SessionRow;
  appointment: TelehealthAppointment;
  me: ParticipantRow;
  participants: Awaited<ReturnType<typeof listParticipants>>;
}

/** Refuses a session that cannot be entered now: the wrong modality, status or time. */
export function assertEnterable(appointment: TelehealthAppointment, earlyMs: number, now: Date) {
  if (appointment.modality !== 'telehealth')
    throw new AppError('conflict', 'This appointment is in person, not a video session');
  if (!TELEHEALTH_LIVE_STATUSES.includes(appointment.status))
    throw new AppError('conflict', `The appointment is ${appointment.status.replace('_', ' ')}`);
  if (now.getTime() < appointment.startsAt.getTime() - earlyMs)
    throw new AppError(
      'conflict',
      `The video session opens ${Math.round(earlyMs / 60_000)} minutes before the appointment`,
    );
  if (now.getTime() > appointment.endsAt.getTime() + TELEHEALTH_LATE_MS)
    throw new AppError('conflict', 'This video session has closed');
}

export async function deny(
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

export async function toView(deps: TelehealthDeps, data: ViewData, now: Date): Promise<TelehealthSession> {
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

export async function viewData(
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
  assertEnterable(appointment, TELEHEALTH_CLIENT_EARLY_MS, now);
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
