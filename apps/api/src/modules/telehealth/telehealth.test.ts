import { appointmentParticipants, appointments, auditEvents, outboundMessages } from '@mentalspace/db';
import { openTestDatabase, type TestDatabase } from '@mentalspace/db/testing';
import { and, eq, like } from 'drizzle-orm';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testBrowser } from '../../test/browser';
import { createAppointment, createClient, createPractice, createStaff } from '../../test/factories';
import {
  connected,
  listeningInstance,
  nextEvent,
  openSocket,
  request,
  staffSessionCookie,
  type ListeningInstance,
} from '../../test/sockets';
import { TEST_USER_HEADER } from '../../plugins/test-principal-header';
import { scopeFor } from '../../security/policy';
import { silentChannel } from './channel';
import { admitParticipant, endSession, openAsHost } from './host';
import { joinFromPortal } from './service';

const PASSWORD = 'Maple-Harbor-Lights-58!';
const as = (user: { id: string }) => ({ [TEST_USER_HEADER]: user.id });

let database: TestDatabase;
let a: ListeningInstance;
let practice: { id: string };
let clinician: Awaited<ReturnType<typeof createStaff>>;
let otherClinician: Awaited<ReturnType<typeof createStaff>>;
let frontDesk: Awaited<ReturnType<typeof createStaff>>;
let owner: Awaited<ReturnType<typeof createStaff>>;
let marta: Awaited<ReturnType<typeof createClient>>;
let ben: Awaited<ReturnType<typeof createClient>>;
let portal: ReturnType<typeof testBrowser>;
const sockets: Socket[] = [];

const socketFor = async (cookie: string) => {
  const socket = openSocket(a.url, cookie, '/telehealth');
  sockets.push(socket);
  await connected(socket);
  return socket;
};

const videoAppointment = (startsInMinutes = 5, extra: Partial<typeof appointments.$inferInsert> = {}) =>
  createAppointment(database, practice, {
    clinician,
    client: marta,
    startsAt: new Date(Date.now() + startsInMinutes * 60_000),
    modality: 'telehealth',
    ...extra,
  });

const refusals = async (action: string) =>
  (
    await database.unsafeOwner
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, action), eq(auditEvents.outcome, 'denied')))
  ).length;

beforeAll(async () => {
  database = await openTestDatabase();
  a = await listeningInstance(database);
  practice = await createPractice(database);
  otherClinician = await createStaff(database, practice, 'clinician');
  frontDesk = await createStaff(database, practice, 'front_desk');
  owner = await createStaff(database, practice, 'owner');
  marta = await createClient(database, practice, {
    clinician: otherClinician,
    overrides: { email: 'marta@example.test' },
  });
  ben = await createClient(database, practice, {
    clinician: otherClinician,
    overrides: { email: 'ben@example.test' },
  });
  const invitation = await a.app.inject({
    method: 'POST',
    url: `/api/v1/clients/${marta.id}/portal-invitation`,
    headers: as(owner),
    payload: { email: 'marta@example.test' },
  });
  portal = testBrowser(a.app);
  const token = (invitation.json().invitePath as string).split('#token=')[1]!;
  expect(
    (await portal.post('/api/v1/portal/invitations/accept', { token, password: PASSWORD })).statusCode,
  ).toBe(200);
});

// A clinician of their own per test: sessions booked "now" would overlap on one schedule.
beforeEach(async () => {
  clinician = await createStaff(database, practice, 'clinician', { firstName: 'Uma', lastName: 'Reyes' });
});

afterAll(async () => {
  for (const socket of sockets) socket.disconnect();
  await a.app.close();
  await database.close();
});

describe('opening a video session', () => {
  it("lets only the appointment's clinician host it, and only for a video appointment in its window", async () => {
    const appointment = await videoAppointment();
    const url = `/api/v1/appointments/${appointment.id}/telehealth`;
    const opened = await a.app.inject({ method: 'POST', url, headers: as(clinician) });
    expect(opened.statusCode).toBe(200);
    expect(opened.json()).toMatchObject({ status: 'open', me: { role: 'host', state: 'admitted' } });
    // Again: the same session, not a second one.
    expect((await a.app.inject({ method: 'POST', url, headers: as(clinician) })).json().id).toBe(
      opened.json().id,
    );
    for (const stranger of [otherClinician, frontDesk, owner])
      expect((await a.app.inject({ method: 'POST', url, headers: as(stranger) })).statusCode).toBe(404);

    const inPerson = await createAppointment(database, practice, {
      clinician,
      client: marta,
      startsAt: new Date(Date.now() + 2 * 60 * 60_000),
    });
    const refused = await a.app.inject({
      method: 'POST',
      url: `/api/v1/appointments/${inPerson.id}/telehealth`,
      headers: as(clinician),
    });
    expect(refused.statusCode).toBe(409);
    const tomorrow = await videoAppointment(24 * 60);
    expect(
      (
        await a.app.inject({
          method: 'POST',
          url: `/api/v1/appointments/${tomorrow.id}/telehealth`,
          headers: as(clinician),
        })
      ).json().detail,
    ).toMatch(/opens 60 minutes before/);
  });
});

describe('waiting room, admission, signalling and the end of a session', () => {
  it('runs a couple session end to end with a portal client and a guest by link, refusing everything out of place', async () => {
    const appointment = await videoAppointment(2);
    await database.unsafeOwner
      .insert(appointmentParticipants)
      .values({ practiceId: practice.id, appointmentId: appointment.id, clientId: ben.id });
    const { cookie: hostCookie } = await staffSessionCookie(a, database, clinician);
    const schedule = openSocket(a.url, hostCookie);
    sockets.push(schedule);
    await connected(schedule);
    const host = await socketFor(hostCookie);
    const session = (
      await a.app.inject({
        method: 'POST',
        url: `/api/v1/appointments/${appointment.id}/telehealth`,
        headers: as(clinician),
      })
    ).json();
    const hostId: string = session.me.participantId;
    expect(await request(host, 'join', { sessionId: session.id })).toEqual({
      ok: true,
      state: 'admitted',
      peers: [],
    });

    // Marta arrives from the portal: she waits, the clinician hears of it, the appointment is checked in.
    const waiting = nextEvent<{ sessionId: string }>(schedule, 'telehealth.waiting');
    const checkedIn = nextEvent(schedule, 'appointment.checked_in');
    const joined = await portal.post(`/api/v1/portal/telehealth/${appointment.id}/join`, { atHome: true });
    expect(joined.statusCode).toBe(200);
    const martaView = joined.json();
    expect(martaView.me.state).toBe('waiting');
    expect(martaView.iceServers).toEqual([]);
    expect(martaView.participants.map((p: { role: string }) => p.role)).toEqual(['host']);
    expect(await waiting).toEqual({ appointmentId: appointment.id, sessionId: session.id });
    await checkedIn;
    const martaSocket = await socketFor(`ms_access=${portal.jar.get('ms_access')}`);
    const lobby = nextEvent(host, 'lobby');
    expect(await request(martaSocket, 'join', { sessionId: session.id })).toEqual({
      ok: true,
      state: 'waiting',
    });
    await lobby;
    const lobbyView = (
      await a.app.inject({
        method: 'GET',
        url: `/api/v1/telehealth/sessions/${session.id}`,
        headers: as(clinician),
      })
    ).json();
    const martaId: string = martaView.me.participantId;
    expect(lobbyView.participants).toContainEqual(
      expect.objectContaining({
        id: martaId,
        state: 'waiting',
        online: true,
        name: expect.stringMatching(/\.$/),
      }),
    );

    // Waiting, she reaches no one: her signal is refused and audited.
    expect(
      await request(martaSocket, 'signal', { sessionId: session.id, to: hostId, candidate: null }),
    ).toEqual({
      ok: false,
      code: 'not_found',
    });

    // Ben gets a single-use link from the front desk; the first browser spends it, a second cannot.
    const sent = await a.app.inject({
      method: 'POST',
      url: `/api/v1/appointments/${appointment.id}/telehealth/links`,
      headers: as(frontDesk),
    });
    expect(sent.json()).toEqual({ sent: 2 });
    const [message] = await database.unsafeOwner
      .select()
      .from(outboundMessages)
      .where(
        and(
          eq(outboundMessages.recipient, 'ben@example.test'),
          like(outboundMessages.dedupeKey, 'telehealth-link:%'),
        ),
      );
    expect(message!.body).not.toMatch(/Ben|Marta/);
    const token = /\/join#([\w-]+)/.exec(message!.body)![1]!;
    const guest = testBrowser(a.app);
    const redeemed = await guest.post('/api/v1/telehealth/join-links/redeem', { token, atHome: false });
    expect(redeemed.statusCode).toBe(200);
    expect(guest.jar.get('ms_telehealth')).toBeTruthy();
    const benId: string = redeemed.json().me.participantId;
    const thief = testBrowser(a.app);
    const stolen = await thief.post('/api/v1/telehealth/join-links/redeem', { token, atHome: true });
    expect(stolen.statusCode).toBe(409);
    expect(stolen.json().code).toBe('link_unavailable');
    expect(await refusals('telehealth.link_refused')).toBeGreaterThanOrEqual(1);
    const forgedToken = await thief.post('/api/v1/telehealth/join-links/redeem', {
      token: 'x'.repeat(43),
      atHome: true,
    });
    expect(forgedToken.statusCode).toBe(404);
    const benSocket = await socketFor(`ms_telehealth=${guest.jar.get('ms_telehealth')}`);
    expect(await request(benSocket, 'join', { sessionId: session.id })).toEqual({
      ok: true,
      state: 'waiting',
    });

    // The clinician admits Marta: the session is live and the appointment in session.
    const admittedEvent = nextEvent(martaSocket, 'admitted');
    const admitted = await a.app.inject({
      method: 'POST',
      url: `/api/v1/telehealth/sessions/${session.id}/participants/${martaId}/admit`,
      headers: as(clinician),
    });
    expect(admitted.statusCode).toBe(200);
    expect(admitted.json()).toMatchObject({ status: 'live', startedAt: expect.any(String) });
    await admittedEvent;
    const peerJoined = nextEvent<{ id: string }>(host, 'peer-joined');
    const rejoin = await request<{ ok: true; peers: { id: string }[] }>(martaSocket, 'join', {
      sessionId: session.id,
    });
    expect(rejoin).toMatchObject({ ok: true, state: 'admitted', peers: [{ id: hostId, name: 'Uma Reyes' }] });
    expect((await peerJoined).id).toBe(martaId);

    // Offer and answer pass between the two admitted peers, and only between them.
    const offerSeen = nextEvent<{ from: string; description: { type: string } }>(host, 'signal');
    expect(
      await request(martaSocket, 'signal', {
        sessionId: session.id,
        to: hostId,
        description: { type: 'offer', sdp: 'v=0\r\n' },
      }),
    ).toEqual({ ok: true });
    expect(await offerSeen).toMatchObject({ from: martaId, description: { type: 'offer' } });
    const answerSeen = nextEvent<{ from: string }>(martaSocket, 'signal');
    await request(host, 'signal', {
      sessionId: session.id,
      to: martaId,
      description: { type: 'answer', sdp: 'v=0\r\n' },
    });
    expect((await answerSeen).from).toBe(hostId);
    // To a peer still waiting (Ben), to oneself, oversized, malformed, or in a forged session: refused.
    const refusedBefore = await refusals('telehealth.signal_refused');
    expect(
      await request(martaSocket, 'signal', { sessionId: session.id, to: benId, candidate: null }),
    ).toEqual({
      ok: false,
      code: 'forbidden',
    });
    expect(
      await request(martaSocket, 'signal', { sessionId: session.id, to: martaId, candidate: null }),
    ).toEqual({
      ok: false,
      code: 'forbidden',
    });
    expect(
      await request(martaSocket, 'signal', {
        sessionId: session.id,
        to: hostId,
        description: { type: 'offer', sdp: 'a'.repeat(16_001) },
      }),
    ).toEqual({ ok: false, code: 'payload_too_large' });
    expect(await request(martaSocket, 'signal', { sessionId: session.id, to: hostId, sdp: 'x' })).toEqual({
      ok: false,
      code: 'bad_request',
    });
    expect(await request(martaSocket, 'signal', 'not an object')).toEqual({ ok: false, code: 'bad_request' });
    expect(await refusals('telehealth.signal_refused')).toBe(refusedBefore + 5);

    // Ben, removed by the clinician, is cut off and cannot come back with his pass; those in the
    // call are told to hang up on him.
    const cut = nextEvent(benSocket, 'disconnect');
    const hangUp = nextEvent<{ id: string }>(martaSocket, 'peer-removed');
    expect(
      (
        await a.app.inject({
          method: 'POST',
          url: `/api/v1/telehealth/sessions/${session.id}/participants/${benId}/remove`,
          headers: as(clinician),
        })
      ).statusCode,
    ).toBe(200);
    await cut;
    expect((await hangUp).id).toBe(benId);
    await expect(
      connected(openSocket(a.url, `ms_telehealth=${guest.jar.get('ms_telehealth')}`, '/telehealth')),
    ).rejects.toThrow('unauthenticated');
    expect((await guest.get(`/api/v1/telehealth/guest/sessions/${session.id}`)).statusCode).toBe(401);

    // Marta drops and reconnects: a new socket rejoins the call directly, no second wait.
    martaSocket.disconnect();
    const back = await socketFor(`ms_access=${portal.jar.get('ms_access')}`);
    expect(await request(back, 'join', { sessionId: session.id })).toMatchObject({
      ok: true,
      state: 'admitted',
    });

    // The clinician ends it: both hang up; the appointment carries the real times, POS 10 and modifier 95.
    const endedForMarta = nextEvent(back, 'ended');
    const ended = await a.app.inject({
      method: 'POST',
      url: `/api/v1/telehealth/sessions/${session.id}/end`,
      headers: as(clinician),
    });
    expect(ended.statusCode).toBe(200);
    expect(ended.json().record).toMatchObject({
      placeOfService: '10',
      modifiers: ['95'],
      minutes: 0,
      supportedCode: null,
    });
    await endedForMarta;
    const detail = (
      await a.app.inject({
        method: 'GET',
        url: `/api/v1/appointments/${appointment.id}`,
        headers: as(clinician),
      })
    ).json();
    expect(detail).toMatchObject({ status: 'completed', ran: { placeOfService: '10', modifiers: ['95'] } });
    expect(detail.history.map((h: { channel: string }) => h.channel)).toContain('telehealth');
    expect(
      (
        await a.app.inject({
          method: 'POST',
          url: `/api/v1/telehealth/sessions/${session.id}/end`,
          headers: as(clinician),
        })
      ).statusCode,
    ).toBe(409);
    expect(
      (await portal.post(`/api/v1/portal/telehealth/${appointment.id}/join`, { atHome: true })).statusCode,
    ).toBe(409);
    expect(await request(back, 'join', { sessionId: session.id })).toEqual({ ok: false, code: 'not_found' });
  });

  it('refuses a session one is not part of, in another practice, or named by a forged id; none of it crashes', async () => {
    const appointment = await videoAppointment(3);
    const session = (
      await a.app.inject({
        method: 'POST',
        url: `/api/v1/appointments/${appointment.id}/telehealth`,
        headers: as(clinician),
      })
    ).json();
    const elsewhere = await createPractice(database);
    const foreignClinician = await createStaff(database, elsewhere, 'clinician');
    const foreignClient = await createClient(database, elsewhere, { clinician: foreignClinician });
    const foreign = await createAppointment(database, elsewhere, {
      clinician: foreignClinician,
      client: foreignClient,
      startsAt: new Date(Date.now() + 3 * 60_000),
      modality: 'telehealth',
    });
    const foreignSession = (
      await a.app.inject({
        method: 'POST',
        url: `/api/v1/appointments/${foreign.id}/telehealth`,
        headers: as(foreignClinician),
      })
    ).json();

    const before = await refusals('telehealth.join_refused');
    const stranger = await socketFor((await staffSessionCookie(a, database, otherClinician)).cookie);
    for (const sessionId of [session.id, foreignSession.id, '01900000-0000-7000-8000-000000000000'])
      expect(await request(stranger, 'join', { sessionId })).toEqual({ ok: false, code: 'not_found' });
    expect(await request(stranger, 'join', { sessionId: '../th:x', extra: 1 })).toEqual({
      ok: false,
      code: 'bad_request',
    });
    expect(await refusals('telehealth.join_refused')).toBe(before + 4);
    // Marta's portal session reaches only appointments she is invited to.
    const notHers = await createAppointment(database, practice, {
      clinician,
      client: ben,
      startsAt: new Date(Date.now() + 2 * 60 * 60_000),
      modality: 'telehealth',
    });
    expect(
      (await portal.post(`/api/v1/portal/telehealth/${notHers.id}/join`, { atHome: true })).statusCode,
    ).toBe(404);
    expect((await portal.get(`/api/v1/portal/telehealth/sessions/${session.id}`)).statusCode).toBe(404);
    // A host's endpoints, called by someone else: 404, never the session.
    for (const path of ['', '/end', `/participants/${session.me.participantId}/admit`]) {
      const res = await a.app.inject({
        method: path ? 'POST' : 'GET',
        url: `/api/v1/telehealth/sessions/${session.id}${path}`,
        headers: as(otherClinician),
      });
      expect(res.statusCode).toBe(404);
    }
    // Hosting follows the appointment: once it is reassigned, the former clinician hosts no more.
    await database.unsafeOwner
      .update(appointments)
      .set({ clinicianId: otherClinician.id })
      .where(eq(appointments.id, appointment.id));
    expect(
      (
        await a.app.inject({
          method: 'GET',
          url: `/api/v1/telehealth/sessions/${session.id}`,
          headers: as(clinician),
        })
      ).statusCode,
    ).toBe(404);
    // A socket that keeps sending refused messages is cut off.
    const cut = nextEvent(stranger, 'disconnect');
    for (let i = 0; i < 10; i++)
      stranger.emit('signal', { sessionId: session.id, to: session.me.participantId });
    await cut;
    expect(a.app.server.listening).toBe(true);
  });

  it('closes telehealth sockets when the sign-in session is revoked', async () => {
    const { cookie } = await staffSessionCookie(a, database, clinician);
    const socket = await socketFor(cookie);
    const gone = nextEvent(socket, 'disconnect');
    await a.app.inject({
      method: 'POST',
      url: `/api/v1/staff/${clinician.id}/revoke-sessions`,
      headers: as(owner),
    });
    await gone;
  });
});

describe('the real duration decides the code the session supports', () => {
  it('records 55 minutes as supporting 90837, with POS 02 for a client not at home', async () => {
    const appointment = await videoAppointment(1);
    const audit = { requestId: 'test', ip: undefined, userAgent: undefined };
    const host = {
      database,
      scope: scopeFor({ userId: clinician.id, practiceId: practice.id, role: 'clinician' }),
      audit,
    };
    const deps = { channel: silentChannel, ice: { stunUrls: [], turn: null } };
    const t0 = new Date();
    const session = await openAsHost(host, deps, appointment.id, t0);
    const client = {
      database,
      scope: {
        practiceId: practice.id,
        actorUserId: marta.id,
        actorRole: 'client' as const,
        clients: { kind: 'self' as const, clientId: marta.id },
        schedules: { kind: 'none' as const },
      },
      audit,
    };
    const view = await joinFromPortal(client, deps, appointment.id, { atHome: false }, t0);
    await admitParticipant(host, deps, session.id, view.me.participantId, t0);
    const { record } = await endSession(
      host,
      deps,
      session.id,
      new Date(t0.getTime() + 55 * 60_000 + 30_000),
    );
    expect(record).toMatchObject({
      minutes: 55,
      supportedCode: '90837',
      placeOfService: '02',
      modifiers: ['95'],
    });
    const [row] = await database.unsafeOwner
      .select()
      .from(appointments)
      .where(eq(appointments.id, appointment.id));
    expect(row).toMatchObject({ status: 'completed', placeOfService: '02', modifiers: ['95'] });
    expect(row!.actualEndedAt!.getTime() - row!.actualStartedAt!.getTime()).toBe(55 * 60_000 + 30_000);
  });
});
