import { createAdapter } from '@socket.io/redis-adapter';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { Server } from 'socket.io';
import { ACCESS_COOKIE } from '../modules/auth/cookies';
import type { AuthDeps } from '../modules/auth/auth-deps';
import type { SessionActivity } from '../modules/auth/session-activity';

/** How often each instance checks that its sockets' sessions are still alive (idle or revoked). */
export const SESSION_SWEEP_MS = 30_000;

/** Rooms are assigned by the server from the session, never requested by the client. */
export const rooms = {
  user: (userId: string) => `user:${userId}`,
  role: (practiceId: string, role: string) => `practice:${practiceId}:role:${role}`,
  session: (sessionId: string) => `session:${sessionId}`,
};

export interface RealtimeEvents {
  /** A client checked in: the clinician's schedule and waiting list change. */
  'appointment.checked_in': { appointmentId: string; startsAt: string };
  /** Something for the user's inbox (risk flag, online booking, co-signature…): refetch it. */
  'notifications.changed': Record<string, never>;
  /** The session ended elsewhere (sign-out, revocation): the client signs out. */
  'session.ended': Record<string, never>;
  /** A security alert was raised (owners and admins): ids and the rule only, never PHI or names. */
  'security.alert_raised': {
    alertId: string;
    rule: string;
    severity: 'low' | 'medium' | 'high' | 'critical';
  };
  /** A client entered a video session's waiting room: the clinician may admit them. */
  'telehealth.waiting': { appointmentId: string; sessionId: string };
  /** A secure message arrived in a client's thread: the client id only, never the body or a name. */
  'messages.new': { clientId: string };
}

/** Clients send nothing on this namespace (telehealth signalling has its own); the server sends the events above. */
type ClientEvents = Record<string, never>;
type ServerEvents = Record<keyof RealtimeEvents, (payload: unknown) => void>;
interface SocketData {
  sessionId: string;
}

/** What the rest of the app uses: emit to a user or a practice role, end sessions' sockets. */
export interface RealtimePublisher {
  toUsers<E extends keyof RealtimeEvents>(
    userIds: readonly string[],
    event: E,
    payload: RealtimeEvents[E],
  ): void;
  toRole<E extends keyof RealtimeEvents>(
    practiceId: string,
    role: string,
    event: E,
    payload: RealtimeEvents[E],
  ): void;
  endSessions(sessionIds: readonly string[]): void;
  close(): Promise<void>;
}

/** The publisher and the Socket.IO server, for modules that add their own namespace. */
export interface RealtimeServer extends RealtimePublisher {
  readonly io: Server;
  /**
   * Sockets of this namespace also close when their sign-in session ends or idles out: they must
   * join `rooms.session(sid)` and keep the session id in `socket.data.sessionId`.
   */
  trackSessionsIn(namespace: string): void;
}

export function cookieValue(header: string | undefined, name: string) {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return null;
}

/**
 * Socket.IO on the API's HTTP server (`/socket.io`), authenticated by the same session cookie as
 * the API (no token in the URL). With Redis, the adapter carries events between instances: an
 * event raised on instance B reaches a socket connected to instance A, and ending a session
 * disconnects its sockets on every instance.
 */
export function attachRealtime(
  app: FastifyInstance,
  deps: { auth: AuthDeps; redis?: Redis | undefined; logger: FastifyBaseLogger },
): RealtimeServer {
  const io = new Server<ClientEvents, ServerEvents, Record<string, never>, SocketData>(app.server, {
    path: '/socket.io',
    serveClient: false,
    // Same-origin only: the browser app is served by this server.
    cors: { origin: false },
    // Above the largest signalling message telehealth accepts (an SDP of 16,000 characters, escaped).
    maxHttpBufferSize: 40_960,
    transports: ['websocket', 'polling'],
  });
  let pub: Redis | undefined;
  let sub: Redis | undefined;
  if (deps.redis) {
    // Own connections for the adapter. The subscriber waits for Redis however long it is down
    // (no rejected subscribe); a failed publish is logged, never an unhandled rejection: a Redis
    // outage degrades real time to this instance and never takes the API down.
    pub = deps.redis.duplicate({ enableOfflineQueue: false });
    sub = deps.redis.duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: null });
    for (const client of [pub, sub]) {
      client.on('error', (error: Error) =>
        deps.logger.warn({ err: error }, 'realtime Redis connection error'),
      );
    }
    io.adapter(createAdapter(guarded(pub, deps.logger), guarded(sub, deps.logger)));
  }

  io.use((socket, next) => {
    const token = cookieValue(socket.handshake.headers.cookie, ACCESS_COOKIE);
    if (!token) return next(new Error('unauthenticated'));
    deps.auth.tokens
      .verifyAccess(token)
      .then(async (claims) => {
        if (claims === 'expired' || claims === 'invalid') return next(new Error('unauthenticated'));
        if (!(await deps.auth.activity.alive([claims.sid])).has(claims.sid))
          return next(new Error('session_expired'));
        socket.data.sessionId = claims.sid;
        if (claims.kind === 'staff') {
          await socket.join([
            rooms.user(claims.sub),
            rooms.role(claims.pid, claims.role),
            rooms.session(claims.sid),
          ]);
        } else {
          await socket.join([rooms.user(claims.sub), rooms.session(claims.sid)]);
        }
        next();
      })
      .catch(() => next(new Error('unauthenticated')));
  });

  // Nothing is accepted from clients here: room membership comes from the session alone.

  // Namespaces whose sockets belong to a sign-in session (the default one; telehealth's too).
  const sessionNamespaces = new Set(['/']);

  // Sockets whose session idled out (no explicit end) are closed by the instance holding them.
  const sweep = setInterval(() => {
    void (async () => {
      const sockets = [...sessionNamespaces].flatMap((name) =>
        [...io.of(name).sockets.values()].filter((s) => typeof s.data.sessionId === 'string'),
      );
      const ids = [...new Set(sockets.map((s) => s.data.sessionId))];
      if (ids.length === 0) return;
      const alive = await deps.auth.activity.alive(ids);
      for (const socket of sockets) {
        // Idled out: the tab's own idle timer signs it out; the socket just closes.
        if (!alive.has(socket.data.sessionId)) socket.disconnect(true);
      }
    })().catch((error: unknown) => deps.logger.warn({ err: error }, 'realtime session sweep failed'));
  }, SESSION_SWEEP_MS);
  sweep.unref();

  // The events are typed at the publisher's boundary; the broadcast itself takes any payload.
  const broadcast = (targets: string | string[], event: keyof RealtimeEvents, payload: unknown) =>
    (io.to(targets) as unknown as { emit(event: string, payload: unknown): boolean }).emit(event, payload);
  return {
    io,
    trackSessionsIn(namespace) {
      sessionNamespaces.add(namespace);
    },
    toUsers(userIds, event, payload) {
      if (userIds.length === 0) return;
      broadcast(userIds.map(rooms.user), event, payload);
    },
    toRole(practiceId, role, event, payload) {
      broadcast(rooms.role(practiceId, role), event, payload);
    },
    endSessions(sessionIds) {
      if (sessionIds.length === 0) return;
      const targets = sessionIds.map(rooms.session);
      broadcast(targets, 'session.ended', {});
      for (const name of sessionNamespaces) io.of(name).in(targets).disconnectSockets(true);
    },
    async close() {
      clearInterval(sweep);
      // Closing the engine also closes the HTTP server, which Fastify may have closed already.
      await io.close().catch(() => undefined);
      pub?.disconnect();
      sub?.disconnect();
    },
  };
}

/** The commands the adapter sends without handling their failure. */
const PUB_SUB_COMMANDS = new Set([
  'publish',
  'spublish',
  'subscribe',
  'psubscribe',
  'ssubscribe',
  'unsubscribe',
  'punsubscribe',
  'sunsubscribe',
]);

/** A client for the adapter whose publish/subscribe failures are logged, never unhandled rejections. */
function guarded(client: Redis, logger: FastifyBaseLogger): Redis {
  return new Proxy(client, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      const method = (value as (...args: unknown[]) => unknown).bind(target);
      if (typeof property !== 'string' || !PUB_SUB_COMMANDS.has(property)) return method;
      return (...args: unknown[]) => {
        const result = method(...args);
        return result instanceof Promise
          ? result.catch((error: unknown) => {
              logger.warn({ err: error, command: property }, 'realtime Redis command failed');
              return 0;
            })
          : result;
      };
    },
  });
}

/** Session activity that also closes the ended sessions' sockets on every instance. */
export function activityThatDisconnects(
  activity: SessionActivity,
  realtime: RealtimePublisher,
): SessionActivity {
  return {
    ...activity,
    async end(sessionIds) {
      await activity.end(sessionIds);
      realtime.endSessions(sessionIds);
    },
  };
}
