import { randomBytes } from 'node:crypto';
import { auditEvents, clientClinicians, secureMessages } from '@mentalspace/db';
import { openTestDatabase, type TestDatabase } from '@mentalspace/db/testing';
import { and, eq, like } from 'drizzle-orm';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBrowser } from '../../test/browser';
import { createClient, createPractice, createStaff, createSupervision } from '../../test/factories';
import {
  connected,
  listeningInstance,
  nextEvent,
  openSocket,
  staffSessionCookie,
  type ListeningInstance,
} from '../../test/sockets';
import { TEST_USER_HEADER } from '../../plugins/test-principal-header';
import { addPhiKeyVersion, loadPhiCipher } from '../../security/encryption/key-ring';
import { fromBase64 } from '../../security/encryption/local-master-key';
import { unsafeReencryptPhi } from '../../security/encryption/rotate';
import { scopeFor } from '../../security/policy';
import { readThread, sendMessage } from './service';

const PASSWORD = 'Maple-Harbor-Lights-58!';
const as = (user: { id: string }) => ({ [TEST_USER_HEADER]: user.id });

let database: TestDatabase;
let a: ListeningInstance;
let practice: { id: string };
let clinician: Awaited<ReturnType<typeof createStaff>>;
let colleague: Awaited<ReturnType<typeof createStaff>>;
let supervisor: Awaited<ReturnType<typeof createStaff>>;
let stranger: Awaited<ReturnType<typeof createStaff>>;
let owner: Awaited<ReturnType<typeof createStaff>>;
let admin: Awaited<ReturnType<typeof createStaff>>;
let frontDesk: Awaited<ReturnType<typeof createStaff>>;
let biller: Awaited<ReturnType<typeof createStaff>>;
let foreignClinician: Awaited<ReturnType<typeof createStaff>>;
let marta: Awaited<ReturnType<typeof createClient>>;
let foreignClient: Awaited<ReturnType<typeof createClient>>;
let portal: ReturnType<typeof testBrowser>;
const sockets: Socket[] = [];

const socketFor = async (cookie: string) => {
  const socket = openSocket(a.url, cookie);
  sockets.push(socket);
  await connected(socket);
  return socket;
};
const staffSocket = async (user: { id: string; practiceId: string; role: string }) =>
  socketFor((await staffSessionCookie(a, database, user)).cookie);

const staffGet = (user: { id: string }, url: string) => a.app.inject({ url, headers: as(user) });
const staffPost = (user: { id: string }, url: string, payload?: object) =>
  a.app.inject({ method: 'POST', url, headers: as(user), ...(payload ? { payload } : {}) });

const auditCount = (action: string, outcome: 'success' | 'denied' = 'success') =>
  database.unsafeOwner
    .select({ id: auditEvents.id, details: auditEvents.details, clientId: auditEvents.clientId })
    .from(auditEvents)
    .where(and(eq(auditEvents.action, action), eq(auditEvents.outcome, outcome)));

beforeAll(async () => {
  database = await openTestDatabase();
  a = await listeningInstance(database);
  practice = await createPractice(database);
  clinician = await createStaff(database, practice, 'clinician', {
    firstName: 'Uma',
    lastName: 'Reyes',
    credentials: 'LCSW',
  });
  colleague = await createStaff(database, practice, 'clinician');
  supervisor = await createStaff(database, practice, 'supervisor');
  stranger = await createStaff(database, practice, 'clinician');
  owner = await createStaff(database, practice, 'owner');
  admin = await createStaff(database, practice, 'admin');
  frontDesk = await createStaff(database, practice, 'front_desk');
  biller = await createStaff(database, practice, 'biller');
  await createSupervision(database, practice, supervisor, clinician);
  marta = await createClient(database, practice, { clinician, overrides: { email: 'marta@example.test' } });
  await database.unsafeOwner
    .insert(clientClinicians)
    .values({ practiceId: practice.id, clientId: marta.id, clinicianId: colleague.id, role: 'secondary' });
  const other = await createPractice(database);
  foreignClinician = await createStaff(database, other, 'clinician');
  foreignClient = await createClient(database, other, { clinician: foreignClinician });

  const invitation = await staffPost(owner, `/api/v1/clients/${marta.id}/portal-invitation`, {
    email: 'marta@example.test',
  });
  portal = testBrowser(a.app);
  const token = (invitation.json().invitePath as string).split('#token=')[1]!;
  expect(
    (await portal.post('/api/v1/portal/invitations/accept', { token, password: PASSWORD })).statusCode,
  ).toBe(200);
});

afterAll(async () => {
  for (const socket of sockets) socket.disconnect();
  await a.app.close();
  await database.close();
});

describe('secure messaging between a client and their care team', () => {
  it('carries a portal message to the care team live, sealed at rest, and a reply back to the portal', async () => {
    const clinicianSocket = await staffSocket(clinician);
    const strangerSocket = await staffSocket(stranger);
    const frontDeskSocket = await staffSocket(frontDesk);
    const outsiders: unknown[] = [];
    strangerSocket.on('messages.new', (payload) => outsiders.push(payload));
    frontDeskSocket.on('messages.new', (payload) => outsiders.push(payload));

    const heard = nextEvent<{ clientId: string }>(clinicianSocket, 'messages.new');
    const sent = await portal.post('/api/v1/portal/messages', {
      body: '  I had a hard week; can we talk?  ',
    });
    expect(sent.statusCode).toBe(201);
    expect(sent.json()).toMatchObject({ senderKind: 'client', body: 'I had a hard week; can we talk?' });
    // The event names the thread only: no body, no name.
    expect(await heard).toEqual({ clientId: marta.id });

    const [stored] = await database.unsafeOwner
      .select()
      .from(secureMessages)
      .where(eq(secureMessages.id, sent.json().id as string));
    expect(stored!.body).toMatch(/^phi1\.1\./);
    expect(stored!.body).not.toContain('hard week');
    expect(stored!).toMatchObject({ senderKind: 'client', senderUserId: null, readByStaffAt: null });

    // The clinician's inbox counts it unread; the thread shows it, newest last.
    const inbox = await staffGet(clinician, '/api/v1/messages/threads');
    expect(inbox.statusCode).toBe(200);
    expect(inbox.json()).toMatchObject({
      unread: 1,
      items: [{ clientId: marta.id, lastSenderKind: 'client', unread: 1 }],
    });
    const thread = await staffGet(clinician, `/api/v1/clients/${marta.id}/messages`);
    expect(thread.json()).toMatchObject({
      clientId: marta.id,
      unread: 1,
      olderBefore: null,
      items: [
        { senderKind: 'client', senderName: null, body: 'I had a hard week; can we talk?', readAt: null },
      ],
    });

    // Marking read clears the count for the whole care team.
    expect((await staffPost(clinician, `/api/v1/clients/${marta.id}/messages/read`)).statusCode).toBe(204);
    expect((await staffGet(colleague, '/api/v1/messages/threads')).json()).toMatchObject({
      unread: 0,
      items: [{ clientId: marta.id, unread: 0 }],
    });

    // The reply reaches Marta's portal socket (same cookie, default namespace) and the colleague's.
    const martaSocket = await socketFor(`ms_access=${portal.jar.get('ms_access')}`);
    const colleagueSocket = await staffSocket(colleague);
    const toMarta = nextEvent<{ clientId: string }>(martaSocket, 'messages.new');
    const toColleague = nextEvent<{ clientId: string }>(colleagueSocket, 'messages.new');
    const reply = await staffPost(clinician, `/api/v1/clients/${marta.id}/messages`, {
      body: 'Of course. Does Thursday at 4 work?',
    });
    expect(reply.statusCode).toBe(201);
    expect(await toMarta).toEqual({ clientId: marta.id });
    expect(await toColleague).toEqual({ clientId: marta.id });

    const mine = await portal.get('/api/v1/portal/messages');
    expect(mine.statusCode).toBe(200);
    expect(mine.json()).toMatchObject({
      unread: 1,
      items: [
        { senderKind: 'client', body: 'I had a hard week; can we talk?' },
        { senderKind: 'staff', senderName: 'Uma Reyes, LCSW', body: 'Of course. Does Thursday at 4 work?' },
      ],
    });
    // Her own message shows when the care team read it.
    expect(mine.json().items[0].readAt).toEqual(expect.any(String));
    expect((await portal.post('/api/v1/portal/messages/read')).statusCode).toBe(204);
    expect((await portal.get('/api/v1/portal/messages')).json().unread).toBe(0);

    // Nobody outside the care team heard of either message.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(outsiders).toEqual([]);
  });

  it('audits every read and write in the same transaction, never with the body', async () => {
    const sends = await auditCount('secure_message.send');
    expect(sends.length).toBeGreaterThanOrEqual(2);
    expect(sends.every((e) => e.clientId === marta.id)).toBe(true);
    expect((await auditCount('secure_message.read')).length).toBeGreaterThanOrEqual(3);
    expect((await auditCount('secure_message.mark_read')).length).toBeGreaterThanOrEqual(2);
    expect((await auditCount('secure_message.threads_listed')).length).toBeGreaterThanOrEqual(2);
    const all = await database.unsafeOwner
      .select({ details: auditEvents.details })
      .from(auditEvents)
      .where(like(auditEvents.action, 'secure_message.%'));
    expect(JSON.stringify(all)).not.toMatch(/hard week|Thursday/);
  });

  it('lets the supervisor of a care-team clinician read the thread', async () => {
    const res = await staffGet(supervisor, `/api/v1/clients/${marta.id}/messages`);
    expect(res.statusCode).toBe(200);
    expect(res.json().items.length).toBeGreaterThanOrEqual(2);
  });

  it('answers 404 to a clinician outside the caseload and for another practice’s client, and lists neither', async () => {
    for (const [who, client] of [
      [stranger, marta],
      [clinician, foreignClient],
      [owner, foreignClient],
    ] as const) {
      expect((await staffGet(who, `/api/v1/clients/${client.id}/messages`)).statusCode).toBe(404);
      const send = await staffPost(who, `/api/v1/clients/${client.id}/messages`, { body: 'Hello' });
      expect(send.statusCode).toBe(404);
      expect(send.json().code).toBe('not_found');
      expect((await staffPost(who, `/api/v1/clients/${client.id}/messages/read`)).statusCode).toBe(404);
    }
    expect((await staffGet(stranger, '/api/v1/messages/threads')).json()).toEqual({ items: [], unread: 0 });
    expect((await auditCount('secure_message.read', 'denied')).length).toBeGreaterThanOrEqual(3);
  });

  it('refuses front desk and billers outright, and owners and admins off the care team', async () => {
    for (const who of [frontDesk, biller, owner, admin]) {
      const res = await staffGet(who, `/api/v1/clients/${marta.id}/messages`);
      expect(res.statusCode, who.role).toBe(403);
      expect(res.json().code).toBe('forbidden');
      expect(JSON.stringify(res.json())).not.toMatch(/hard week/);
      expect(
        (await staffPost(who, `/api/v1/clients/${marta.id}/messages`, { body: 'Hello' })).statusCode,
      ).toBe(403);
    }
    for (const who of [frontDesk, biller])
      expect((await staffGet(who, '/api/v1/messages/threads')).statusCode).toBe(403);
    // The owner's inbox is empty until they sit on the care team.
    expect((await staffGet(owner, '/api/v1/messages/threads')).json().items).toEqual([]);
    await database.unsafeOwner
      .insert(clientClinicians)
      .values({ practiceId: practice.id, clientId: marta.id, clinicianId: owner.id, role: 'secondary' });
    expect((await staffGet(owner, `/api/v1/clients/${marta.id}/messages`)).statusCode).toBe(200);
    expect((await staffGet(owner, '/api/v1/messages/threads')).json().items).toHaveLength(1);
  });

  it('refuses an empty, blank or oversized body with a 400 naming the field', async () => {
    for (const body of ['', '   ', 'x'.repeat(5001)]) {
      for (const res of [
        await portal.post('/api/v1/portal/messages', { body }),
        await staffPost(clinician, `/api/v1/clients/${marta.id}/messages`, { body }),
      ]) {
        expect(res.statusCode).toBe(400);
        expect(res.json().code).toBe('validation_failed');
        expect(res.json().errors).toEqual([expect.objectContaining({ field: 'body.body' })]);
      }
    }
    expect((await portal.post('/api/v1/portal/messages', {})).statusCode).toBe(400);
    expect((await portal.post('/api/v1/portal/messages', { body: 'x'.repeat(5000) })).statusCode).toBe(201);
  });

  it('keeps staff routes from portal sessions and portal routes from staff', async () => {
    expect((await portal.get(`/api/v1/clients/${marta.id}/messages`)).statusCode).toBe(403);
    expect((await staffGet(clinician, '/api/v1/portal/messages')).statusCode).toBe(401);
  });

  it('lists threads and pages a thread at the same number of queries for a few messages or many', async () => {
    const quiet = await createClient(database, practice, { clinician });
    const busy = await createClient(database, practice, { clinician });
    const write = (clientId: string, n: number) =>
      Promise.all(
        Array.from({ length: n }, (_, i) =>
          staffPost(clinician, `/api/v1/clients/${clientId}/messages`, { body: `Note ${i}` }),
        ),
      );
    const measure = async (url: string) => {
      database.queries.length = 0;
      const res = await staffGet(clinician, url);
      expect(res.statusCode).toBe(200);
      return { queries: database.queries.length, body: res.json() };
    };
    await write(quiet.id, 2);
    const fewThreads = await measure('/api/v1/messages/threads');
    const fewMessages = await measure(`/api/v1/clients/${quiet.id}/messages?limit=5`);
    await write(busy.id, 30);
    const manyThreads = await measure('/api/v1/messages/threads');
    const manyMessages = await measure(`/api/v1/clients/${busy.id}/messages?limit=5`);
    expect(manyThreads.queries).toBe(fewThreads.queries);
    expect(manyMessages.queries).toBe(fewMessages.queries);

    // Keyset pages: newest last within a page, `olderBefore` walks back to the first message.
    expect(manyMessages.body.items).toHaveLength(5);
    const seen: string[] = [];
    let before: string | null = manyMessages.body.olderBefore;
    seen.push(...manyMessages.body.items.map((m: { body: string }) => m.body));
    while (before) {
      const page = await measure(`/api/v1/clients/${busy.id}/messages?limit=5&before=${before}`);
      expect(page.queries).toBe(fewMessages.queries);
      seen.unshift(...page.body.items.map((m: { body: string }) => m.body));
      before = page.body.olderBefore;
    }
    expect(seen).toHaveLength(30);
    expect(new Set(seen).size).toBe(30);
  });
});

describe('secure message bodies and key rotation', () => {
  it('are bound to their row and re-encrypted by rotation', async () => {
    // A database of its own: rotation walks every sealed value, and this one holds only its own.
    const database = await openTestDatabase();
    const master = fromBase64(randomBytes(32));
    const phi = await loadPhiCipher(database, master);
    const own = await createPractice(database);
    const who = await createStaff(database, own, 'clinician');
    const client = await createClient(database, own, { clinician: who });
    const ctx = {
      database,
      scope: scopeFor({ userId: who.id, practiceId: own.id, role: 'clinician' }),
      audit: { requestId: 'test', ip: undefined, userAgent: undefined },
    };
    const message = await sendMessage(ctx, phi, client.id, 'See you next week.');
    const row = async () =>
      (await database.unsafeOwner.select().from(secureMessages).where(eq(secureMessages.id, message.id)))[0]!;
    const before = await row();
    // A ciphertext moved to another message does not open.
    expect(() => phi.decrypt(before.body, `secure_messages:body:${client.id}`)).toThrow();

    const version = await addPhiKeyVersion(database, master);
    await phi.refresh();
    const progress = await unsafeReencryptPhi(database, phi);
    expect(progress.find((p) => p.table === 'secure_messages')?.rewritten).toBe(1);
    expect((await row()).body).toMatch(new RegExp(`^phi1\\.${version}\\.`));
    const thread = await readThread(ctx, phi, client.id, { limit: 10 });
    expect(thread.items.map((m) => m.body)).toEqual(['See you next week.']);
    await database.close();
  });
});
