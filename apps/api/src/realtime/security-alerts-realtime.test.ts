import { auditEvents, securityAlerts } from '@mentalspace/db';
import { openTestDatabase, type TestDatabase } from '@mentalspace/db/testing';
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import type { Socket } from 'socket.io-client';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unsafeSealAuditEvents } from '../audit/audit-chain';
import { startBreachDetection } from '../jobs/breach-detection';
import { TEST_USER_HEADER } from '../plugins/test-principal-header';
import { createClient, createPractice, createStaff } from '../test/factories';
import {
  connected,
  listeningInstance,
  nextEvent,
  openSocket,
  staffSessionCookie,
  type ListeningInstance,
} from '../test/sockets';

type Staff = Awaited<ReturnType<typeof createStaff>>;

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

async function signedInSocket(user: Staff) {
  const socket = openSocket(a.url, (await staffSessionCookie(a, database, user)).cookie);
  await connected(socket);
  return socket;
}

/** Every security.alert_raised a socket receives, from the moment it is watched. */
function heard(socket: Socket) {
  const payloads: unknown[] = [];
  socket.on('security.alert_raised', (payload: unknown) => payloads.push(payload));
  return payloads;
}

/**
 * Proves a socket received nothing before this point: a marker sent to it now arrives after
 * anything already sent to it (one connection delivers in order), so waiting for the marker is
 * enough — no sleeping and hoping.
 */
async function drained(sockets: { socket: Socket; user: Staff }[]) {
  const markers = sockets.map(({ socket }) => nextEvent(socket, 'notifications.changed'));
  a.app.realtime!.toUsers(
    sockets.map(({ user }) => user.id),
    'notifications.changed',
    {},
  );
  await Promise.all(markers);
}

describe('security alerts in real time', () => {
  it("pushes the breach job's alert to the practice's owners and admins only, with no PHI in it", async () => {
    const practice = await createPractice(database);
    const admin = await createStaff(database, practice, 'admin');
    const owner = await createStaff(database, practice, 'owner');
    const clinician = await createStaff(database, practice, 'clinician');
    const frontDesk = await createStaff(database, practice, 'front_desk');
    const elsewhere = await createPractice(database);
    const otherAdmin = await createStaff(database, elsewhere, 'admin');

    const adminSocket = await signedInSocket(admin);
    const ownerSocket = await signedInSocket(owner);
    const bystanders = [
      { user: clinician, socket: await signedInSocket(clinician) },
      { user: frontDesk, socket: await signedInSocket(frontDesk) },
      { user: otherAdmin, socket: await signedInSocket(otherAdmin) },
    ];
    const overheard = bystanders.map(({ socket }) => heard(socket));
    const toAdmin = nextEvent<unknown>(adminSocket, 'security.alert_raised');
    const toOwner = nextEvent<unknown>(ownerSocket, 'security.alert_raised');

    // The clinician opens 41 charts (the practice limit is 40): the job finds it on its own tick.
    await database.unsafeOwner.insert(auditEvents).values(
      Array.from({ length: 41 }, () => ({
        practiceId: practice.id,
        actorUserId: clinician.id,
        action: 'client.read',
        resourceType: 'client',
        clientId: randomUUID(),
      })),
    );
    await unsafeSealAuditEvents(database);
    const job = startBreachDetection(database, pino({ level: 'silent' }), {
      realtime: a.app.realtime,
      intervalMs: 30,
    });
    try {
      const pushed = await toAdmin;
      const [alert] = await database.unsafeOwner
        .select({ id: securityAlerts.id })
        .from(securityAlerts)
        .where(eq(securityAlerts.practiceId, practice.id));
      // Exactly these keys: the id to fetch it by, the rule and the severity — nothing about whom.
      expect(pushed).toEqual({ alertId: alert!.id, rule: 'excessive_phi_access', severity: 'high' });
      expect(await toOwner).toEqual(pushed);

      await drained(bystanders);
      expect(overheard).toEqual([[], [], []]);
    } finally {
      await job.stop();
      for (const socket of [adminSocket, ownerSocket, ...bystanders.map((b) => b.socket)])
        socket.disconnect();
    }
  });

  it("pushes the emergency-access alert once the break-the-glass request commits, and not a refused one's", async () => {
    const practice = await createPractice(database);
    const admin = await createStaff(database, practice, 'admin');
    const primary = await createStaff(database, practice, 'clinician');
    const onCall = await createStaff(database, practice, 'clinician');
    const client = await createClient(database, practice, { clinician: primary });
    const adminSocket = await signedInSocket(admin);
    const pushes = heard(adminSocket);
    const breakGlass = (as: Staff) =>
      a.app.inject({
        method: 'POST',
        url: `/api/v1/clients/${client.id}/emergency-access`,
        headers: { [TEST_USER_HEADER]: as.id },
        payload: { reason: 'Client called the crisis line; primary clinician unreachable' },
      });
    try {
      // Already on the care team: refused (409), nothing raised, nothing pushed.
      expect((await breakGlass(primary)).statusCode).toBe(409);
      await drained([{ user: admin, socket: adminSocket }]);
      expect(pushes).toEqual([]);

      const pushed = nextEvent<unknown>(adminSocket, 'security.alert_raised');
      expect((await breakGlass(onCall)).statusCode).toBe(201);
      const [alert] = await database.unsafeOwner
        .select({ id: securityAlerts.id })
        .from(securityAlerts)
        .where(eq(securityAlerts.practiceId, practice.id));
      expect(await pushed).toEqual({ alertId: alert!.id, rule: 'emergency_access', severity: 'high' });
    } finally {
      adminSocket.disconnect();
    }
  });
});
