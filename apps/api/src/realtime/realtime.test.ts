import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '@mentalspace/db/testing';
import { TEST_USER_HEADER } from '../plugins/test-principal-header';
import { createAppointment, createClient, createPractice, createStaff } from '../test/factories';
import {
  connected,
  listeningInstance,
  nextEvent,
  openSocket,
  staffSessionCookie,
  type ListeningInstance,
} from '../test/sockets';

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
  let a: ListeningInstance;
  beforeAll(async () => {
    database = await openTestDatabase();
    a = await listeningInstance(database);
  });
  afterAll(async () => {
    await a.app.close();
    await database.close();
  });

  it('refuses a connection without a session cookie, or with a forged one', async () => {
    await expect(connected(openSocket(a.url))).rejects.toThrow('unauthenticated');
    await expect(connected(openSocket(a.url, 'ms_access=forged.token.value'))).rejects.toThrow(
      'unauthenticated',
    );
  });

  it("tells the clinician at once when the front desk checks their client in, and closes a revoked session's socket", async () => {
    const { clinician, owner, frontDesk, appointment } = await world(database);
    const { cookie } = await staffSessionCookie(a, database, clinician);
    const socket = openSocket(a.url, cookie);
    await connected(socket);
    const event = nextEvent<{ appointmentId: string }>(socket, 'appointment.checked_in');
    const res = await a.app.inject({
      method: 'POST',
      url: `/api/v1/appointments/${appointment.id}/status`,
      headers: { [TEST_USER_HEADER]: frontDesk.id },
      payload: { status: 'checked_in' },
    });
    expect(res.statusCode).toBe(200);
    expect(await event).toMatchObject({ appointmentId: appointment.id });
    const ended = nextEvent(socket, 'disconnect');
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
  let a: ListeningInstance;
  beforeAll(async () => {
    database = await openTestDatabase();
    a = await listeningInstance(database);
  });
  afterAll(async () => {
    await a.app.close();
    await database.close();
  });

  it("refreshes the care team's inbox the moment a PHQ-9 raises a risk flag", async () => {
    const { clinician, owner, client } = await world(database);
    const { cookie } = await staffSessionCookie(a, database, clinician);
    const socket = openSocket(a.url, cookie);
    await connected(socket);
    const changed = nextEvent(socket, 'notifications.changed');
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
  let a: ListeningInstance;
  let b: ListeningInstance;
  beforeAll(async () => {
    database = await openTestDatabase();
    redisA = new Redis(process.env.TEST_REDIS_URL!);
    redisB = new Redis(process.env.TEST_REDIS_URL!);
    a = await listeningInstance(database, redisA);
    b = await listeningInstance(database, redisB);
  });
  afterAll(async () => {
    await a.app.close();
    await b.app.close();
    await redisA.quit();
    await redisB.quit();
    await database.close();
  });

  it('delivers an event raised on instance B to a socket on instance A, and a revocation closes the session on both', async () => {
    const { clinician, owner, frontDesk, appointment } = await world(database);
    const { cookie } = await staffSessionCookie(a, database, clinician);
    const socket = openSocket(a.url, cookie);
    // The same session in a second tab, connected to instance B (and to B's telehealth namespace).
    const onB = openSocket(b.url, cookie);
    const telehealthOnB = openSocket(b.url, cookie, '/telehealth');
    await Promise.all([connected(socket), connected(onB), connected(telehealthOnB)]);
    const event = nextEvent<{ appointmentId: string }>(socket, 'appointment.checked_in');
    await b.app.inject({
      method: 'POST',
      url: `/api/v1/appointments/${appointment.id}/status`,
      headers: { [TEST_USER_HEADER]: frontDesk.id },
      payload: { status: 'checked_in' },
    });
    expect(await event).toMatchObject({ appointmentId: appointment.id });
    const ended = [socket, onB, telehealthOnB].map((s) => nextEvent(s, 'disconnect'));
    await b.app.inject({
      method: 'POST',
      url: `/api/v1/staff/${clinician.id}/revoke-sessions`,
      headers: { [TEST_USER_HEADER]: owner.id },
    });
    await Promise.all(ended);
    expect([socket.connected, onB.connected, telehealthOnB.connected]).toEqual([false, false, false]);
  });
});
