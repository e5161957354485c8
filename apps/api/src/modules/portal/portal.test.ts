import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBrowser } from '../../test/browser';
import { buildTestApp, type TestApp } from '../../test/build-test-app';
import { createAppointment, createClient, createPractice, createStaff } from '../../test/factories';

const PASSWORD = 'Maple-Harbor-Lights-58!';
let t: TestApp;
let frontDesk: { id: string };
let biller: { id: string };
let client: { id: string };
let otherClient: { id: string };
let foreignClient: { id: string };

beforeAll(async () => {
  t = await buildTestApp({ testPrincipalHeader: true });
  const practice = await createPractice(t.database);
  frontDesk = await createStaff(t.database, practice, 'front_desk');
  biller = await createStaff(t.database, practice, 'biller');
  const clinician = await createStaff(t.database, practice, 'clinician');
  client = await createClient(t.database, practice, {
    clinician,
    overrides: { legalFirstName: 'Marisol', legalLastName: 'Quintero' },
  });
  otherClient = await createClient(t.database, practice, { clinician });
  await createAppointment(t.database, practice, {
    clinician,
    client,
    startsAt: new Date('2026-12-01T15:00:00Z'),
  });
  await createAppointment(t.database, practice, {
    clinician,
    client: otherClient,
    startsAt: new Date('2026-12-02T15:00:00Z'),
  });
  const other = await createPractice(t.database);
  foreignClient = await createClient(t.database, other, {
    clinician: await createStaff(t.database, other, 'clinician'),
  });
});
afterAll(async () => {
  await t.close();
});

/** A browser: cookies and the CSRF echo only, no test principal header. */
const portalBrowser = () => testBrowser(t.app);

const invite = (as: { id: string }, clientId: string, email = 'marisol@example.test') =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1/clients/${clientId}/portal-invitation`,
    headers: t.as(as),
    payload: { email },
  });
const tokenOf = (res: LightMyRequestResponse) => (res.json().invitePath as string).split('#token=')[1]!;

describe('portal invitations', () => {
  it('are created by the front desk, refused to billers, and 404 for another practice', async () => {
    const res = await invite(frontDesk, client.id);
    expect(res.statusCode).toBe(201);
    expect(res.json().invitePath).toMatch(/^\/portal\/accept#token=/);
    expect((await invite(biller, client.id)).statusCode).toBe(403);
    expect((await invite(frontDesk, foreignClient.id)).statusCode).toBe(404);
  });

  it('are single use, replace earlier ones, and hold the password to the policy', async () => {
    const stale = tokenOf(await invite(frontDesk, client.id));
    const token = tokenOf(await invite(frontDesk, client.id));
    const b = portalBrowser();
    expect(
      (await b.post('/api/v1/portal/invitations/accept', { token: stale, password: PASSWORD })).statusCode,
    ).toBe(400);
    const weak = await b.post('/api/v1/portal/invitations/accept', { token, password: 'marisol2024' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().errors.map((e: { field: string }) => e.field)).toContain('body.password');
    const accepted = await b.post('/api/v1/portal/invitations/accept', { token, password: PASSWORD });
    expect(accepted.statusCode).toBe(200);
    expect(
      (await portalBrowser().post('/api/v1/portal/invitations/accept', { token, password: PASSWORD }))
        .statusCode,
    ).toBe(400);
  });
});

describe('a client in the portal', () => {
  let b: ReturnType<typeof portalBrowser>;
  beforeAll(async () => {
    const token = tokenOf(await invite(frontDesk, client.id));
    b = portalBrowser();
    await b.post('/api/v1/portal/invitations/accept', { token, password: PASSWORD });
  });

  it('sees their own record and appointments, taken from the session', async () => {
    const me = await b.get('/api/v1/portal/me');
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ id: client.id, legalFirstName: 'Marisol' });
    const appointments = (await b.get('/api/v1/portal/appointments')).json().items;
    expect(appointments.map((a: { clientId: string }) => a.clientId)).toEqual([client.id]);
  });

  it("cannot reach any staff endpoint, with their own id, another client's or none", async () => {
    for (const url of [
      `/api/v1/clients/${client.id}`,
      `/api/v1/clients/${otherClient.id}`,
      `/api/v1/clients/${otherClient.id}/appointments`,
      '/api/v1/clients',
      '/api/v1/staff',
    ]) {
      const res = await b.get(url);
      expect(res.statusCode, url).toBe(403);
      expect(Object.keys(res.json()).sort()).toEqual([
        'code',
        'detail',
        'instance',
        'requestId',
        'status',
        'title',
        'type',
      ]);
    }
  });

  it('keeps the session through a refresh and signs in again with the password', async () => {
    expect((await b.post('/api/v1/auth/refresh')).statusCode).toBe(200);
    expect((await b.get('/api/v1/portal/me')).json().id).toBe(client.id);
    expect((await b.post('/api/v1/portal/sign-out')).statusCode).toBe(204);
    expect((await b.get('/api/v1/portal/me')).statusCode).toBe(401);

    const again = portalBrowser();
    expect(
      (await again.post('/api/v1/portal/sign-in', { email: 'MARISOL@example.test', password: 'wrong-one' }))
        .statusCode,
    ).toBe(401);
    expect(
      (await again.post('/api/v1/portal/sign-in', { email: 'marisol@example.test', password: PASSWORD }))
        .statusCode,
    ).toBe(200);
    expect((await again.get('/api/v1/portal/me')).json().id).toBe(client.id);
  });

  it('is not reachable for staff: the portal endpoints answer 401 without a portal session', async () => {
    expect((await t.app.inject({ url: '/api/v1/portal/me', headers: t.as(frontDesk) })).statusCode).toBe(401);
  });
});
