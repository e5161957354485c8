import { auditEvents } from '@mentalspace/db';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { openTestDatabase, type TestDatabase } from '@mentalspace/db/testing';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { buildApp } from '../../app';
import { clientClinicians, emergencyAccessGrants } from '@mentalspace/db';
import type { AccessScope } from '../../security/access-scope';
import { portalScopeFor, scopeFor } from '../../security/policy';
import { testAuthDeps, testPhiCipher } from '../../test/build-test-app';
import { createClient, createPractice, createStaff, createSupervision } from '../../test/factories';
import { ACCESS_COOKIE } from '../auth/cookies';
import { clientIsInReach, readClientCall } from './repo';

let database: TestDatabase;
let app: FastifyInstance;
let practice: { id: string };
let clinician: { id: string };
let colleague: { id: string };
let client: { id: string };
let auth: ReturnType<typeof testAuthDeps>;

beforeAll(async () => {
  database = await openTestDatabase();
  // The production request path: a signed access token in the cookie, no test header.
  auth = testAuthDeps(database);
  app = await buildApp({ database, auth, logger: pino({ level: 'silent' }), phi: testPhiCipher() });
  practice = await createPractice(database);
  clinician = await createStaff(database, practice, 'clinician');
  colleague = await createStaff(database, practice, 'clinician');
  client = await createClient(database, practice, { clinician });
});
afterAll(async () => {
  await app.close();
  await database.close();
});

async function signedIn(user: { id: string }, userAgent = 'vitest') {
  const sessionId = randomUUID();
  await auth.activity.start(sessionId, 900);
  const token = await auth.tokens.signAccess({
    kind: 'staff',
    sub: user.id,
    pid: practice.id,
    sid: sessionId,
    role: 'clinician',
    aal: 'mfa',
    idle: 900,
  });
  return { cookie: `${ACCESS_COOKIE}=${token}`, 'user-agent': userAgent };
}
const read = async (user: { id: string }, userAgent?: string) =>
  app.inject({ url: `/api/v1/clients/${client.id}`, headers: await signedIn(user, userAgent) });

const eventsBy = (userAgent: string) =>
  database.unsafeOwner
    .select({
      outcome: auditEvents.outcome,
      userAgent: auditEvents.userAgent,
      clientId: auditEvents.clientId,
    })
    .from(auditEvents)
    .where(and(eq(auditEvents.practiceId, practice.id), eq(auditEvents.userAgent, userAgent)));

describe('the audited chart read in one round trip (app_read_client)', () => {
  it('reads and audits in a single call, found or not', async () => {
    for (const [as, status, outcome] of [
      [clinician, 200, 'success'],
      [colleague, 404, 'denied'],
    ] as const) {
      const headers = await signedIn(as, `round-trip-${status}`);
      database.queries.length = 0;
      const res = await app.inject({ url: `/api/v1/clients/${client.id}`, headers });
      expect(res.statusCode).toBe(status);
      // One call reads and audits. A denial is then looked up once more by the refusals
      // plugin, which finds the event already there and adds none.
      expect(database.queries[0]).toMatch(/^select app_read_client\(/);
      if (status === 200) expect(database.queries).toHaveLength(1);
      else expect(database.queries.slice(1).filter((q) => /insert/i.test(q))).toEqual([]);
      expect(await eventsBy(`round-trip-${status}`)).toEqual([
        { outcome, userAgent: `round-trip-${status}`, clientId: outcome === 'success' ? client.id : null },
      ]);
    }
  });

  it('passes every value as a parameter: a hostile user agent is kept as text', async () => {
    const hostile = `x'); delete from audit_events; -- \\' \\\\ $1 $$ ’`;
    const res = await read(clinician, hostile);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      id: client.id,
      clinicians: [expect.objectContaining({ id: clinician.id })],
    });
    expect(await eventsBy(hostile)).toEqual([
      { outcome: 'success', userAgent: hostile, clientId: client.id },
    ]);
    expect(await database.unsafeOwner.$count(auditEvents)).toBeGreaterThan(1);
  });

  it('answers nothing when its event cannot be written: no read without its event', async () => {
    const [existing] = await database.unsafeOwner
      .insert(auditEvents)
      .values({ practiceId: practice.id, action: 'client.read', resourceType: 'client', requestId: 'first' })
      .returning({ id: auditEvents.id });
    const scope = scopeFor({
      userId: clinician.id,
      practiceId: practice.id,
      role: 'clinician',
      sessionId: 's',
    });
    // The same call the service makes, but with an event id that is taken: the insert fails.
    const call = readClientCall(
      scope,
      { requestId: 'second', ip: undefined, userAgent: undefined },
      client.id,
    );
    const taken = sql`select app_read_client(${practice.id}::uuid, ${client.id}::uuid, ${clinician.id}::uuid,
      'clinician', 'caseload', ${`{${clinician.id}}`}::uuid[], false, null, ${existing!.id}::uuid, null, null, 'second')`;
    expect((await database.callRequestFunction<{ header: unknown }>(call))[0]?.header).toMatchObject({
      id: client.id,
    });
    await expect(database.callRequestFunction(taken)).rejects.toThrow();
    const second = await database.unsafeOwner
      .select({ id: auditEvents.id })
      .from(auditEvents)
      .where(eq(auditEvents.requestId, 'second'));
    expect(second).toHaveLength(1);
  });

  it('applies the same reach as clientsInReach for every kind of scope', async () => {
    const supervisor = await createStaff(database, practice, 'supervisor');
    const supervisee = await createStaff(database, practice, 'clinician');
    await createSupervision(database, practice, supervisor, supervisee);
    const own = await createClient(database, practice, { clinician: supervisor });
    const supervisees = await createClient(database, practice, { clinician: supervisee });
    const ended = await createClient(database, practice, { clinician: supervisor });
    await database.unsafeOwner
      .update(clientClinicians)
      // A second after it began (a JavaScript Date has no microseconds and could fall before it).
      .set({ endedAt: sql`${clientClinicians.startedAt} + interval '1 second'` })
      .where(eq(clientClinicians.clientId, ended.id));
    const granted = await createClient(database, practice, { clinician: supervisee });
    await database.unsafeOwner.insert(emergencyAccessGrants).values({
      practiceId: practice.id,
      clientId: granted.id,
      userId: clinician.id,
      reason: 'Crisis call; primary clinician unreachable',
      expiresAt: new Date(Date.now() + 60 * 60_000),
    });
    const other = await createPractice(database);
    const elsewhere = await createClient(database, other, {});
    const everyone = [client, own, supervisees, ended, granted, elsewhere];

    const principal = (user: { id: string }, role: 'owner' | 'clinician' | 'supervisor') =>
      scopeFor({ userId: user.id, practiceId: practice.id, role, sessionId: 's' });
    const owner = await createStaff(database, practice, 'owner');
    const scopes: [string, AccessScope][] = [
      ['practice-wide', principal(owner, 'owner')],
      ['clinician with an emergency grant', principal(clinician, 'clinician')],
      ['supervisor', principal(supervisor, 'supervisor')],
      ['supervisee', principal(supervisee, 'clinician')],
      [
        'portal client',
        portalScopeFor({
          accountId: randomUUID(),
          clientId: own.id,
          practiceId: practice.id,
          sessionId: 's',
        }),
      ],
    ];
    const reached: Record<string, number> = {};
    for (const [name, scope] of scopes) {
      const viaFunction: string[] = [];
      const viaQuery: string[] = [];
      for (const c of everyone) {
        const [row] = await database.callRequestFunction<{ header: { id: string } | null }>(
          readClientCall(scope, { requestId: 'reach', ip: undefined, userAgent: undefined }, c.id),
        );
        if (row?.header) viaFunction.push(row.header.id);
        if (await database.inPractice(practice.id, (tx) => clientIsInReach(tx, scope, c.id)))
          viaQuery.push(c.id);
      }
      expect([name, viaFunction]).toEqual([name, viaQuery]);
      reached[name] = viaQuery.length;
    }
    // The scopes differ, so the comparison covered every branch of the rule.
    expect(reached).toEqual({
      'practice-wide': 5,
      'clinician with an emergency grant': 2,
      supervisor: 3,
      supervisee: 2,
      'portal client': 1,
    });
  });
});
