import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import pino from 'pino';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '@mentalspace/db/testing';
import { buildApp } from '../app';
import { issueSession } from '../modules/auth/issue-session';
import { securitySettings } from '../modules/auth/security-settings';
import { TEST_USER_HEADER } from '../plugins/test-principal-header';
import { scopeFor } from '../security/policy';
import { testAuthDeps, testPhiCipher } from '../test/build-test-app';
import { createAppointment, createClient, createPractice, createStaff } from '../test/factories';

/** One API instance, listening, with the auth deps the test signs sessions with. */
async function instance(database: TestDatabase, redis?: Redis) {
  const auth = testAuthDeps(database, redis);
  const app = await buildApp({
    database,
    redis,
    auth,
    logger: pino({ level: 'silent' }),
    phi: testPhiCipher(),
    testPrincipalHeader: true,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, auth, url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` };
}

type Instance = Awaited<ReturnType<typeof instance>>;

async function sessionCookie(
  target: Instance,
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

const open = (url: string, cookie?: string) =>
  connect(url, {
    path: '/socket.io',
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    ...(cookie ? { extraHeaders: { cookie } } : {}),
  });

const connected = (socket: Socket) =>
  new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => reject(error));
  });

const next = <T>(socket: Socket, event: string) =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within 5 s`)), 5_000);
    socket.once(event, (payload: T) => {
      clearTimeout(timer);
      resolve(payload);
    });
  });

async function world(database: TestDatabase) {
  const practice = await createPractice(database);
  const clinician = await createStaff(database, practice, 'clinician');
  const owner = await createStaff(database, practice, 'owner');
  const frontDesk = await createStaff(database, practice, 'front_desk');
  const client = await createClient(database, practice, { clinician });
  const appointment = await createAppointment(database, practice, {
    clinician,
    client,
    startsAt: new Date(Date.now() + 30 * 60_000),
  });
  return { clinician, owner, frontDesk, appointment, client };
}

describe('Socket.IO on one instance', () => {
  let database: TestDatabase;
  let a: Instance;
  beforeAll(async () => {
    database = await openTestDatabase();
    a = await instance(database);
  });
  afterAll(async () => {
    await a.app.close();
    await database.close();
  });

  it('refuses a connection without a session cookie, or with a forged one', async () => {
    await expect(connected(open(a.url))).rejects.toThrow('unauthenticated');
    await expect(connected(open(a.url, 'ms_access=forged.token.value'))).rejects.toThrow('unauthenticated');
  });

  it("tells the clinician at once when the front desk checks their client in, and closes a revoked session's socket", async () => {
    const { clinician, owner, frontDesk, appointment } = await world(database);
    const { cookie } = await sessionCookie(a, database, clinician);
    const socket = open(a.url, cookie);
    await connected(socket);
    const event = next<{ appointmentId: string }>(socket, 'appointment.checked_in');
    const res = await a.app.inject({
      method: 'POST',
      url: `/api/v1/appointments/${appointment.id}/status`,
      headers: { [TEST_USER_HEADER]: frontDesk.id },
      payload: { status: 'checked_in' },
    });
    expect(res.statusCode).toBe(200);
    expect(await event).toMatchObject({ appointmentId: appointment.id });
    const ended = next(socket, 'disconnect');
    const revoke = await a.app.inject({
      method: 'POST',
      url: `/api/v1/staff/${clinician.id}/revoke-sessions`,
      headers: { [TEST_USER_HEADER]: owner.id },
    });
    expect(revoke.statusCode).toBe(204);
    await ended;
    expect(socket.connected).toBe(false);
  });
});

describe('risk flags in real time', () => {
  let database: TestDatabase;
  let a: Instance;
  beforeAll(async () => {
    database = await openTestDatabase();
    a = await instance(database);
  });
  afterAll(async () => {
    await a.app.close();
    await database.close();
  });

  it("refreshes the care team's inbox the moment a PHQ-9 raises a risk flag", async () => {
    const { clinician, owner, client } = await world(database);
    const { cookie } = await sessionCookie(a, database, clinician);
    const socket = open(a.url, cookie);
    await connected(socket);
    const changed = next(socket, 'notifications.changed');
    const answers = { '1': 1, '2': 1, '3': 0, '4': 0, '5': 0, '6': 0, '7': 0, '8': 0, '9': 1 };
    const res = await a.app.inject({
      method: 'POST',
      url: `/api/v1/clients/${client.id}/measures`,
      headers: { [TEST_USER_HEADER]: owner.id },
      payload: { instrumentId: 'phq9', answers },
    });
    expect(res.statusCode).toBe(201);
    await changed;
    socket.disconnect();
  });
});

describe.skipIf(!process.env.TEST_REDIS_URL)('Socket.IO across two instances sharing Redis', () => {
  let database: TestDatabase;
  let redisA: Redis;
  let redisB: Redis;
  let a: Instance;
  let b: Instance;
  beforeAll(async () => {
    database = await openTestDatabase();
    redisA = new Redis(process.env.TEST_REDIS_URL!);
    redisB = new Redis(process.env.TEST_REDIS_URL!);
    a = await instance(database, redisA);
    b = await instance(database, redisB);
  });
  afterAll(async () => {
    await a.app.close();
    await b.app.close();
    await redisA.quit();
    await redisB.quit();
    await database.close();
  });

  it('delivers an event raised on instance B to a socket on instance A, and a revocation on B closes it', async () => {
    const { clinician, owner, frontDesk, appointment } = await world(database);
    const { cookie } = await sessionCookie(a, database, clinician);
    const socket = open(a.url, cookie);
    await connected(socket);
    const event = next<{ appointmentId: string }>(socket, 'appointment.checked_in');
    await b.app.inject({
      method: 'POST',
      url: `/api/v1/appointments/${appointment.id}/status`,
      headers: { [TEST_USER_HEADER]: frontDesk.id },
      payload: { status: 'checked_in' },
    });
    expect(await event).toMatchObject({ appointmentId: appointment.id });
    const ended = next(socket, 'disconnect');
    await b.app.inject({
      method: 'POST',
      url: `/api/v1/staff/${clinician.id}/revoke-sessions`,
      headers: { [TEST_USER_HEADER]: owner.id },
    });
    await ended;
    expect(socket.connected).toBe(false);
  });
});
