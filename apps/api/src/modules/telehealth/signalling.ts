import {
  TelehealthJoinMessageSchema,
  TelehealthSignalMessageSchema,
  type TelehealthAck,
} from '@mentalspace/contracts';
import type { Database } from '@mentalspace/db';
import type { FastifyBaseLogger } from 'fastify';
import type { Namespace, Socket } from 'socket.io';
import { v7 as uuidv7 } from 'uuid';
import { writeAudit } from '../../audit/audit-writer';
import { ACCESS_COOKIE } from '../auth/cookies';
import type { AuthDeps } from '../auth/auth-deps';
import { cookieValue, rooms, type RealtimeServer } from '../../realtime/realtime-server';
import type { AccessScope, AuditContext } from '../../security/access-scope';
import { offerLinkScopeFor, portalScopeFor, scopeFor } from '../../security/policy';
import { telehealthRooms, type TelehealthChannel } from './channel';
import { GUEST_PASS_COOKIE, guestFromPass } from './join-links';
import { findParticipant, findSession, listParticipants, type Who } from './repo';

export const TELEHEALTH_NAMESPACE = '/telehealth';

/** A socket is cut off after this many refused messages (each one is audited). */
export const MAX_REFUSALS = 10;
/** Signalling messages one socket may send per window (a negotiation needs a few dozen). */
export const SIGNAL_BURST = 300;
const SIGNAL_WINDOW_MS = 10_000;
/** Who may receive a peer's signals is re-read from the database at most this often. */
const MEMBERS_TTL_MS = 5_000;

/** Who is on the other end of a socket, from their cookies alone. */
type Caller =
  | { kind: 'staff'; practiceId: string; userId: string; role: string; sessionId: string; scope: AccessScope }
  | { kind: 'portal'; practiceId: string; clientId: string; sessionId: string; scope: AccessScope }
  | {
      kind: 'guest';
      practiceId: string;
      participantId: string;
      telehealthSessionId: string;
      scope: AccessScope;
    };

interface SocketData {
  caller: Caller;
  /** The sign-in session (staff and portal), for sign-out and idle sweeps across namespaces. */
  sessionId?: string;
  /** Telehealth sessions this socket entered: session id → its participant id, and whether admitted. */
  present: Record<string, { participantId: string; admitted: boolean }>;
  /** Messages refused so far (each audited); the socket is cut off at MAX_REFUSALS. */
  refusals: number;
}

interface ServerEvents {
  signal: (message: { sessionId: string; from: string; description?: unknown; candidate?: unknown }) => void;
  'peer-joined': (message: { sessionId: string; id: string; name: string }) => void;
  'peer-left': (message: { sessionId: string; id: string }) => void;
  /** The host removed this participant: hang up on them now, whatever the connection's state. */
  'peer-removed': (message: { sessionId: string; id: string }) => void;
  admitted: (message: { sessionId: string }) => void;
  removed: (message: { sessionId: string }) => void;
  lobby: (message: { sessionId: string }) => void;
  ended: (message: { sessionId: string }) => void;
}
type Ack = (answer: TelehealthAck) => void;
interface ClientEvents {
  join: (message: unknown, ack?: Ack) => void;
  leave: (message: unknown, ack?: Ack) => void;
  signal: (message: unknown, ack?: Ack) => void;
}
type TelehealthNamespace = Namespace<ClientEvents, ServerEvents, Record<string, never>, SocketData>;
type TelehealthSocket = Socket<ClientEvents, ServerEvents, Record<string, never>, SocketData>;

const whoFor = (caller: Caller): Who =>
  caller.kind === 'staff'
    ? { userId: caller.userId }
    : caller.kind === 'portal'
      ? { clientId: caller.clientId }
      : { participantId: caller.participantId };

/**
 * WebRTC signalling for telehealth sessions, on the `/telehealth` namespace of the API's
 * Socket.IO server. Staff and portal clients authenticate with their session cookie, guests with
 * the pass their join link gave them. Every room is chosen by the server after reading the
 * participant from the database: a socket only ever reaches a session it belongs to, a waiting
 * client reaches no peer, and a signal reaches only an admitted peer of the same session. Media
 * flows peer to peer; the server relays offers, answers and ICE candidates, nothing else.
 */
export function attachTelehealthSignalling(
  realtime: RealtimeServer,
  deps: { database: Database; auth: AuthDeps; logger: FastifyBaseLogger },
): TelehealthChannel {
  const nsp = realtime.io.of(TELEHEALTH_NAMESPACE) as unknown as TelehealthNamespace;
  realtime.trackSessionsIn(TELEHEALTH_NAMESPACE);
  const { database } = deps;

  nsp.use((socket, next) => {
    authenticate(socket)
      .then((caller) => {
        if (!caller) return next(new Error('unauthenticated'));
        socket.data.caller = caller;
        socket.data.present = {};
        socket.data.refusals = 0;
        if (caller.kind !== 'guest') {
          socket.data.sessionId = caller.sessionId;
          void socket.join(rooms.session(caller.sessionId));
        }
        next();
      })
      .catch(() => next(new Error('unauthenticated')));
  });

  async function authenticate(socket: TelehealthSocket): Promise<Caller | null> {
    const cookies = socket.handshake.headers.cookie;
    const token = cookieValue(cookies, ACCESS_COOKIE);
    if (token) {
      const claims = await deps.auth.tokens.verifyAccess(token);
      if (claims === 'expired' || claims === 'invalid') return null;
      if (!(await deps.auth.activity.alive([claims.sid])).has(claims.sid)) return null;
      if (claims.kind === 'portal') {
        const principal = {
          accountId: claims.sub,
          clientId: claims.cid,
          practiceId: claims.pid,
          sessionId: claims.sid,
        };
        return { kind: 'portal', ...principal, scope: portalScopeFor(principal) };
      }
      const principal = {
        userId: claims.sub,
        practiceId: claims.pid,
        role: claims.role,
        sessionId: claims.sid,
      };
      return { kind: 'staff', ...principal, scope: scopeFor(principal) };
    }
    const guest = await guestFromPass(database, cookieValue(cookies, GUEST_PASS_COOKIE) ?? undefined);
    if (!guest) return null;
    return {
      kind: 'guest',
      practiceId: guest.practiceId,
      participantId: guest.id,
      telehealthSessionId: guest.sessionId,
      scope: offerLinkScopeFor(guest),
    };
  }

  const auditContext = (socket: TelehealthSocket): AuditContext => ({
    requestId: uuidv7(),
    ip: socket.handshake.address,
    userAgent: socket.handshake.headers['user-agent'],
  });

  /** Refuses a message: audited, answered with a code, and the socket cut off if it persists. */
  async function refuse(
    socket: TelehealthSocket,
    ack: Ack | undefined,
    code: Exclude<TelehealthAck, { ok: true }>['code'],
    what: 'join' | 'signal',
    sessionId: string | null,
  ) {
    const refusals = ++socket.data.refusals;
    const { caller } = socket.data;
    await database
      .inPractice(caller.practiceId, (tx) =>
        writeAudit(tx, caller.scope, auditContext(socket), {
          action: `telehealth.${what}_refused`,
          resourceType: 'telehealth_session',
          resourceId: sessionId,
          outcome: 'denied',
          details: { code },
        }),
      )
      .catch((error: unknown) => deps.logger.warn({ err: error }, 'telehealth refusal audit failed'));
    if (typeof ack === 'function') ack({ ok: false, code });
    if (refusals >= MAX_REFUSALS) socket.disconnect(true);
  }

  /** Admitted participants of a live session, cached briefly per socket. */
  const memberCache = new WeakMap<TelehealthSocket, Map<string, { at: number; ids: Set<string> }>>();
  async function admittedMembers(socket: TelehealthSocket, sessionId: string, fresh: boolean) {
    let perSocket = memberCache.get(socket);
    if (!perSocket) {
      perSocket = new Map<string, { at: number; ids: Set<string> }>();
      memberCache.set(socket, perSocket);
    }
    const cached = perSocket.get(sessionId);
    if (cached && !fresh && Date.now() - cached.at < MEMBERS_TTL_MS) return cached.ids;
    const { caller } = socket.data;
    const ids = await database.inPractice(caller.practiceId, async (tx) => {
      const session = await findSession(tx, caller.scope, sessionId);
      if (!session || session.status === 'ended') return new Set<string>();
      const all = await listParticipants(tx, caller.scope, sessionId);
      return new Set(all.filter((p) => p.state === 'admitted').map((p) => p.id));
    });
    perSocket.set(sessionId, { at: Date.now(), ids });
    return ids;
  }

  nsp.on('connection', (socket) => {
    let windowStart = Date.now();
    let sent = 0;

    socket.on('join', (raw, ack) => {
      void (async () => {
        const parsed = TelehealthJoinMessageSchema.safeParse(raw);
        if (!parsed.success) return refuse(socket, ack, 'bad_request', 'join', null);
        const sessionId = parsed.data.sessionId;
        const { caller } = socket.data;
        const found = await database.inPractice(caller.practiceId, async (tx) => {
          if (caller.kind === 'guest' && caller.telehealthSessionId !== sessionId) return null;
          const session = await findSession(tx, caller.scope, sessionId);
          if (!session || session.status === 'ended') return null;
          const me = await findParticipant(tx, caller.scope, sessionId, whoFor(caller));
          if (!me || me.state === 'removed') return null;
          return { me, everyone: await listParticipants(tx, caller.scope, sessionId) };
        });
        // A forged or foreign session id, or one the caller is not in: the same answer.
        if (!found) return refuse(socket, ack, 'not_found', 'join', sessionId);
        const { me, everyone } = found;
        await socket.join([telehealthRooms.all(sessionId), telehealthRooms.peer(sessionId, me.id)]);
        if (me.role === 'host') await socket.join(telehealthRooms.hosts(sessionId));
        const admitted = me.state === 'admitted';
        socket.data.present[sessionId] = { participantId: me.id, admitted };
        if (!admitted) {
          nsp.to(telehealthRooms.hosts(sessionId)).emit('lobby', { sessionId });
          if (typeof ack === 'function') ack({ ok: true, state: 'waiting' });
          return;
        }
        await socket.join(telehealthRooms.call(sessionId));
        const name = everyone.find((p) => p.id === me.id)?.name ?? '';
        socket.to(telehealthRooms.call(sessionId)).emit('peer-joined', { sessionId, id: me.id, name });
        nsp.to(telehealthRooms.hosts(sessionId)).emit('lobby', { sessionId });
        const online = await onlineIn(sessionId);
        if (typeof ack === 'function')
          ack({
            ok: true,
            state: 'admitted',
            peers: everyone
              .filter((p) => p.id !== me.id && p.state === 'admitted' && online.has(p.id))
              .map((p) => ({ id: p.id, name: p.name })),
          });
      })().catch((error: unknown) => {
        deps.logger.warn({ err: error }, 'telehealth join failed');
        if (typeof ack === 'function') ack({ ok: false, code: 'unavailable' });
      });
    });

    socket.on('signal', (raw, ack) => {
      void (async () => {
        if (Date.now() - windowStart > SIGNAL_WINDOW_MS) {
          windowStart = Date.now();
          sent = 0;
        }
        if (++sent > SIGNAL_BURST) return refuse(socket, ack, 'rate_limited', 'signal', null);
        const parsed = TelehealthSignalMessageSchema.safeParse(raw);
        if (!parsed.success) {
          const tooLarge = parsed.error.issues.some((i) => i.code === 'too_big');
          const sessionId =
            typeof (raw as { sessionId?: unknown })?.sessionId === 'string'
              ? (raw as { sessionId: string }).sessionId
              : null;
          return refuse(
            socket,
            ack,
            tooLarge ? 'payload_too_large' : 'bad_request',
            'signal',
            sessionId?.length === 36 ? sessionId : null,
          );
        }
        const message = parsed.data;
        const me = socket.data.present[message.sessionId];
        if (!me?.admitted) return refuse(socket, ack, 'not_found', 'signal', message.sessionId);
        if (!message.description && message.candidate === undefined)
          return refuse(socket, ack, 'bad_request', 'signal', message.sessionId);
        let members = await admittedMembers(socket, message.sessionId, false);
        if (!members.has(message.to) || !members.has(me.participantId))
          members = await admittedMembers(socket, message.sessionId, true);
        // Only to an admitted peer of this session, from an admitted participant (not removed since).
        if (message.to === me.participantId || !members.has(message.to) || !members.has(me.participantId))
          return refuse(socket, ack, 'forbidden', 'signal', message.sessionId);
        nsp.to(telehealthRooms.peer(message.sessionId, message.to)).emit('signal', {
          sessionId: message.sessionId,
          from: me.participantId,
          ...(message.description ? { description: message.description } : {}),
          ...(message.candidate !== undefined ? { candidate: message.candidate } : {}),
        });
        if (typeof ack === 'function') ack({ ok: true });
      })().catch((error: unknown) => {
        deps.logger.warn({ err: error }, 'telehealth signal failed');
        if (typeof ack === 'function') ack({ ok: false, code: 'unavailable' });
      });
    });

    socket.on('leave', (raw, ack) => {
      const parsed = TelehealthJoinMessageSchema.safeParse(raw);
      const me = parsed.success ? socket.data.present[parsed.data.sessionId] : undefined;
      if (!parsed.success || !me) {
        if (typeof ack === 'function') ack({ ok: false, code: 'not_found' });
        return;
      }
      leaveSession(socket, parsed.data.sessionId, me);
      if (typeof ack === 'function') ack({ ok: true });
    });

    socket.on('disconnect', () => {
      for (const [sessionId, me] of Object.entries(socket.data.present ?? {}))
        leaveSession(socket, sessionId, me);
    });
  });

  function leaveSession(
    socket: TelehealthSocket,
    sessionId: string,
    me: { participantId: string; admitted: boolean },
  ) {
    delete socket.data.present[sessionId];
    for (const room of Object.values(telehealthRooms)) void socket.leave(room(sessionId, me.participantId));
    if (me.admitted)
      nsp.to(telehealthRooms.call(sessionId)).emit('peer-left', { sessionId, id: me.participantId });
    nsp.to(telehealthRooms.hosts(sessionId)).emit('lobby', { sessionId });
  }

  async function onlineIn(sessionId: string) {
    try {
      const sockets = await nsp.in(telehealthRooms.all(sessionId)).fetchSockets();
      return new Set(
        sockets
          .map((s) => s.data.present?.[sessionId]?.participantId)
          .filter((id): id is string => Boolean(id)),
      );
    } catch (error) {
      deps.logger.warn({ err: error }, 'telehealth presence unavailable');
      return new Set<string>();
    }
  }

  return {
    online: onlineIn,
    admitted(sessionId, participantId) {
      nsp.to(telehealthRooms.peer(sessionId, participantId)).emit('admitted', { sessionId });
    },
    removed(sessionId, participantId) {
      const room = telehealthRooms.peer(sessionId, participantId);
      nsp.to(room).emit('removed', { sessionId });
      // Everyone else hangs up on them: their media stops with the signalling.
      nsp
        .to(telehealthRooms.call(sessionId))
        .except(room)
        .emit('peer-removed', { sessionId, id: participantId });
      nsp.in(room).disconnectSockets(true);
    },
    lobbyChanged(sessionId) {
      nsp.to(telehealthRooms.hosts(sessionId)).emit('lobby', { sessionId });
    },
    ended(sessionId) {
      const room = telehealthRooms.all(sessionId);
      nsp.to(room).emit('ended', { sessionId });
      nsp.in(room).socketsLeave([room, telehealthRooms.call(sessionId), telehealthRooms.hosts(sessionId)]);
    },
  };
}
