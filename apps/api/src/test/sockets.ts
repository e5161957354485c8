import type { AddressInfo } from 'node:net';
import type { Redis } from 'ioredis';
import pino from 'pino';
import { io as connect, type Socket } from 'socket.io-client';
import type { TestDatabase } from '@mentalspace/db/testing';
import { buildApp, type AppDeps } from '../app';
import { issueSession } from '../modules/auth/issue-session';
import { securitySettings } from '../modules/auth/security-settings';
import { scopeFor } from '../security/policy';
import { testAuthDeps, testPhiCipher } from './build-test-app';

/** One API instance, listening on a free port, with the auth deps its sessions are signed with. */
export async function listeningInstance(
  database: TestDatabase,
  redis?: Redis,
  overrides: Partial<AppDeps> = {},
) {
  const auth = testAuthDeps(database, redis);
  const app = await buildApp({
    database,
    redis,
    auth,
    logger: pino({ level: 'silent' }),
    phi: testPhiCipher(),
    testPrincipalHeader: true,
    ...overrides,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, auth, url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` };
}

export type ListeningInstance = Awaited<ReturnType<typeof listeningInstance>>;

/** A signed-in staff session on that instance: its access cookie and id. */
export async function staffSessionCookie(
  target: ListeningInstance,
  database: TestDatabase,
  user: { id: string; practiceId: string; role: string },
) {
  const session = await database.inPractice(user.practiceId, (tx) =>
    issueSession(
      target.auth,
      tx,
      scopeFor({ userId: user.id, practiceId: user.practiceId, role: user.role as 'clinician' }),
      { requestId: 'test', ip: undefined, userAgent: undefined },
      securitySettings({}),
      'mfa',
    ),
  );
  return { cookie: `ms_access=${session.accessToken}`, sessionId: session.sessionId };
}

/** A Socket.IO client on a namespace ('' is the default one), with the given cookies. */
export const openSocket = (url: string, cookie?: string, namespace = '') =>
  connect(`${url}${namespace}`, {
    path: '/socket.io',
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    ...(cookie ? { extraHeaders: { cookie } } : {}),
  });

export const connected = (socket: Socket) =>
  new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => reject(error));
  });

/** The next `event` on the socket, or a failure after 5 s. */
export const nextEvent = <T>(socket: Socket, event: string) =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within 5 s`)), 5_000);
    socket.once(event, (payload: T) => {
      clearTimeout(timer);
      resolve(payload);
    });
  });

/** Sends a message and waits for the server's acknowledgement. */
export const request = <T>(socket: Socket, event: string, payload: unknown) =>
  socket.timeout(5_000).emitWithAck(event, payload) as Promise<T>;
