import { auditEvents, clients } from '@mentalspace/db';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/build-test-app';
import { createClient, createPractice, createStaff } from '../../test/factories';
import { unsafeSetSuperAdmin } from '../auth/set-super-admin';

let t: TestApp;
let operator: { id: string; email: string };
let owner: { id: string };
let home: { id: string };
let other: { id: string; name: string };

beforeAll(async () => {
  t = await buildTestApp();
  home = await createPractice(t.database, 'Operator Home');
  other = await createPractice(t.database, 'Some Other Practice');
  operator = await createStaff(t.database, home, 'owner');
  owner = await createStaff(t.database, other, 'owner');
  await createClient(t.database, other, { clinician: await createStaff(t.database, other, 'clinician') });
  expect(await unsafeSetSuperAdmin(t.database, operator.email.toUpperCase(), true)).toBe('granted');
});
afterAll(async () => {
  await t.close();
});

const platformRequests = (actor: string) =>
  t.database.unsafeOwner
    .select({ resourceId: auditEvents.resourceId, details: auditEvents.details })
    .from(auditEvents)
    .where(and(eq(auditEvents.actorUserId, actor), eq(auditEvents.action, 'platform.request')));

describe('super admin', () => {
  it('sees every practice with its size; nobody else does', async () => {
    const res = await t.app.inject({ url: '/api/v1/platform/practices', headers: t.as(operator) });
    expect(res.statusCode).toBe(200);
    const mine = res.json().items.find((p: { id: string }) => p.id === other.id);
    expect(mine).toMatchObject({ name: 'Some Other Practice', staffCount: 2, clientCount: 1 });
    const refused = await t.app.inject({ url: '/api/v1/platform/practices', headers: t.as(owner) });
    expect(refused.statusCode).toBe(403);
  });

  it('has every request audited before it runs, even one that then fails', async () => {
    const before = (await platformRequests(operator.id)).length;
    const missing = '01a203ea-0000-7000-8000-0000000000aa';
    const res = await t.app.inject({ url: `/api/v1/clients/${missing}`, headers: t.as(operator) });
    expect(res.statusCode).toBe(404);
    const bad = await t.app.inject({ url: '/api/v1/clients?limit=9999', headers: t.as(operator) });
    expect(bad.statusCode).toBe(400);
    const events = await platformRequests(operator.id);
    expect(events.length).toBe(before + 2);
    expect(events).toContainEqual({
      resourceId: missing,
      details: { method: 'GET', route: '/api/v1/clients/:id' },
    });
    // Other roles are audited as their actions require, not per request.
    await t.app.inject({ url: '/api/v1/staff', headers: t.as(owner) });
    expect(await platformRequests(owner.id)).toEqual([]);
  });

  it('does not act when the audit record cannot be written', async () => {
    const clinician = await createStaff(t.database, home, 'clinician');
    await t.database.unsafeOwner.execute(sql`revoke insert on audit_events from mentalspace_app`);
    try {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/clients',
        headers: t.as(operator),
        payload: {
          legalFirstName: 'Never',
          legalLastName: 'Created',
          dateOfBirth: '1990-01-01',
          primaryClinicianId: clinician.id,
        },
      });
      expect(res.statusCode).toBe(503);
      expect(res.json().code).toBe('service_unavailable');
    } finally {
      await t.database.unsafeOwner.execute(sql`grant insert on audit_events to mentalspace_app`);
    }
    const created = await t.database.unsafeOwner
      .select()
      .from(clients)
      .where(eq(clients.legalLastName, 'Created'));
    expect(created).toEqual([]);
  });

  it('is never granted through the API, only from the command line', async () => {
    const invite = await t.app.inject({
      method: 'POST',
      url: '/api/v1/staff/invitations',
      headers: t.as(owner),
      payload: { email: `op-${Date.now()}@example.test`, firstName: 'A', lastName: 'B', role: 'super_admin' },
    });
    expect(invite.statusCode).toBe(403);
    const member = await createStaff(t.database, other, 'admin');
    const change = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/staff/${member.id}/role`,
      headers: t.as(owner),
      payload: { role: 'super_admin' },
    });
    expect(change.statusCode).toBe(403);
    expect(await unsafeSetSuperAdmin(t.database, 'nobody@example.test', true)).toBe('no_such_account');
    expect(await unsafeSetSuperAdmin(t.database, operator.email, true)).toBe('unchanged');
  });
});
