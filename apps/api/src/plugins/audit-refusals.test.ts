import { auditEvents, securityAlerts } from '@mentalspace/db';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unsafeSealAuditEvents } from '../audit/audit-chain';
import { unsafeRunBreachDetection } from '../security/breach-detection/detect';
import { buildTestApp, type TestApp } from '../test/build-test-app';
import { createClient, createPractice, createStaff } from '../test/factories';

let t: TestApp;
let practice: { id: string };
let owner: { id: string };
let clinician: { id: string };
let biller: { id: string };

beforeAll(async () => {
  t = await buildTestApp();
  practice = await createPractice(t.database);
  owner = await createStaff(t.database, practice, 'owner');
  clinician = await createStaff(t.database, practice, 'clinician');
  biller = await createStaff(t.database, practice, 'biller');
});
afterAll(async () => {
  await t.close();
});

const eventsOf = (actor: { id: string }) =>
  t.database.unsafeOwner
    .select({
      action: auditEvents.action,
      outcome: auditEvents.outcome,
      details: auditEvents.details,
      requestId: auditEvents.requestId,
      resourceType: auditEvents.resourceType,
    })
    .from(auditEvents)
    .where(and(eq(auditEvents.practiceId, practice.id), eq(auditEvents.actorUserId, actor.id)))
    .orderBy(auditEvents.id);

describe('refused requests are audited', () => {
  it('records a 403 on an administrative route with its route pattern and code, never its values', async () => {
    const res = await t.app.inject({
      url: `/api/v1/staff/${owner.id}/sessions?secret=should-not-be-kept`,
      headers: t.as(clinician),
    });
    expect(res.statusCode).toBe(403);
    const refused = (await eventsOf(clinician)).filter((e) => e.action === 'access.denied');
    expect(refused).toEqual([
      {
        action: 'access.denied',
        outcome: 'denied',
        resourceType: 'route',
        requestId: expect.any(String),
        details: {
          method: 'GET',
          route: '/api/v1/staff/:id/sessions',
          status: 403,
          code: 'forbidden',
          admin: true,
        },
      },
    ]);
    expect(JSON.stringify(refused)).not.toContain('should-not-be-kept');
    expect(JSON.stringify(refused)).not.toContain(owner.id);
  });

  it('records a refused clinical-side action as not administrative', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/clients',
      headers: t.as(biller),
      payload: { legalFirstName: 'Refused', legalLastName: 'Registration', dateOfBirth: '1990-01-01' },
    });
    expect(res.statusCode).toBe(403);
    const [event] = (await eventsOf(biller)).filter((e) => e.action === 'access.denied');
    expect(event?.details).toEqual({
      method: 'POST',
      route: '/api/v1/clients',
      status: 403,
      code: 'forbidden',
      admin: false,
    });
    // The body (a client's name) is not on the event.
    expect(JSON.stringify(event)).not.toContain('Refused');
  });

  it('does not record a refusal twice when the service already recorded it more precisely', async () => {
    const before = (await eventsOf(biller)).length;
    const res = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/staff/${owner.id}/role`,
      headers: t.as(biller),
      payload: { role: 'clinician' },
    });
    expect(res.statusCode).toBe(403);
    const added = (await eventsOf(biller)).slice(before);
    expect(added.map((e) => [e.action, e.outcome])).toEqual([['staff.role_changed', 'denied']]);
  });

  it('records an object out of reach (404) on any route, but not an unknown route', async () => {
    const outsider = await createClient(t.database, practice, { clinician: owner });
    const before = (await eventsOf(clinician)).length;
    const write = await t.app.inject({
      method: 'POST',
      url: `/api/v1/clients/${outsider.id}/contacts`,
      headers: t.as(clinician),
      payload: { kind: 'emergency', name: 'Pat Doe', relationship: 'Sister', phone: '+15555550100' },
    });
    expect(write.statusCode).toBe(404);
    expect((await t.app.inject({ url: '/api/v1/no-such-route', headers: t.as(clinician) })).statusCode).toBe(
      404,
    );
    const added = (await eventsOf(clinician)).slice(before);
    expect(added.map((e) => [e.action, e.details])).toEqual([
      [
        'access.denied',
        {
          method: 'POST',
          route: '/api/v1/clients/:id/contacts',
          status: 404,
          code: 'not_found',
          admin: false,
        },
      ],
    ]);
  });

  it('does not add to a read that audited its own denial', async () => {
    const outsider = await createClient(t.database, practice, { clinician: owner });
    const before = (await eventsOf(clinician)).length;
    expect(
      (await t.app.inject({ url: `/api/v1/clients/${outsider.id}`, headers: t.as(clinician) })).statusCode,
    ).toBe(404);
    const added = (await eventsOf(clinician)).slice(before);
    expect(added.map((e) => [e.action, e.outcome])).toEqual([['client.read', 'denied']]);
  });

  it('records nothing for a request that was not refused', async () => {
    const before = (await eventsOf(owner)).filter((e) => e.action === 'access.denied').length;
    expect((await t.app.inject({ url: '/api/v1/staff/access', headers: t.as(owner) })).statusCode).toBe(200);
    expect((await eventsOf(owner)).filter((e) => e.action === 'access.denied')).toHaveLength(before);
  });

  it('lets breach detection see repeated refusals on administrative routes as an escalation attempt', async () => {
    const probing = await createStaff(t.database, practice, 'front_desk');
    await unsafeSealAuditEvents(t.database);
    await unsafeRunBreachDetection(t.database);
    const alertsFor = () =>
      t.database.unsafeOwner
        .select({ kind: securityAlerts.kind })
        .from(securityAlerts)
        .where(eq(securityAlerts.subjectUserId, probing.id));

    // Two refusals stay under the default threshold (3 within 15 minutes): a near miss.
    for (const url of ['/api/v1/staff/access', '/api/v1/audit/events'])
      expect((await t.app.inject({ url, headers: t.as(probing) })).statusCode).toBe(403);
    await unsafeSealAuditEvents(t.database);
    await unsafeRunBreachDetection(t.database);
    expect(await alertsFor()).toEqual([]);

    expect(
      (await t.app.inject({ url: `/api/v1/staff/${owner.id}/sessions`, headers: t.as(probing) })).statusCode,
    ).toBe(403);
    await unsafeSealAuditEvents(t.database);
    await unsafeRunBreachDetection(t.database);
    expect(await alertsFor()).toEqual([{ kind: 'role_escalation_attempt' }]);
  });
});
