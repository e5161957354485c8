import { auditEvents, measureResponses } from '@mentalspace/db';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBrowser } from '../../test/browser';
import { buildTestApp, type TestApp } from '../../test/build-test-app';
import { createClient, createPractice, createStaff, createSupervision } from '../../test/factories';

let t: TestApp;
let clinician: { id: string };
let supervisor: { id: string };
let frontDesk: { id: string };
let outsider: { id: string };
let client: { id: string };

beforeAll(async () => {
  t = await buildTestApp();
  const practice = await createPractice(t.database);
  clinician = await createStaff(t.database, practice, 'clinician');
  supervisor = await createStaff(t.database, practice, 'supervisor');
  frontDesk = await createStaff(t.database, practice, 'front_desk');
  outsider = await createStaff(t.database, practice, 'clinician');
  await createSupervision(t.database, practice, supervisor, clinician);
  client = await createClient(t.database, practice, {
    clinician,
    overrides: { legalFirstName: 'Rowan', legalLastName: 'Ellery' },
  });
});
afterAll(async () => {
  await t.close();
});

const api = (as: { id: string }, method: 'GET' | 'POST', url: string, payload?: object) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: t.as(as), ...(payload ? { payload } : {}) });
const phq9 = (item9: number, rest = 1) => ({
  instrumentId: 'phq9',
  answers: {
    '1': rest,
    '2': rest,
    '3': rest,
    '4': rest,
    '5': rest,
    '6': rest,
    '7': rest,
    '8': rest,
    '9': item9,
  },
});

describe('measures in the office', () => {
  it('scores a PHQ-9, keeps the answers encrypted, and shows the trend in order', async () => {
    const res = await api(clinician, 'POST', `/clients/${client.id}/measures`, phq9(0, 2));
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      total: 16,
      severity: 'Moderately severe',
      riskLevel: 'none',
      source: 'office',
    });
    await api(clinician, 'POST', `/clients/${client.id}/measures`, {
      instrumentId: 'gad7',
      answers: { '1': 1, '2': 1, '3': 1, '4': 1, '5': 0, '6': 0, '7': 0 },
    });
    const list = (await api(clinician, 'GET', `/clients/${client.id}/measures`)).json().items;
    expect(list.map((m: { instrumentId: string; total: number }) => [m.instrumentId, m.total])).toEqual([
      ['phq9', 16],
      ['gad7', 4],
    ]);
    expect(list[0].answers['1']).toBe(2);
    const [raw] = await t.database.unsafeOwner
      .select({ answers: measureResponses.answers })
      .from(measureResponses)
      .where(eq(measureResponses.id, res.json().id));
    expect(raw!.answers).toMatch(/^phi1\./);
    expect((await api(clinician, 'GET', `/clients/${client.id}/risk-flags`)).json().items).toEqual([]);
  });

  it('raises a risk flag when PHQ-9 item 9 is above 0 and notifies the clinician and their supervisor at once', async () => {
    const res = await api(clinician, 'POST', `/clients/${client.id}/measures`, phq9(1, 0));
    expect(res.json()).toMatchObject({ total: 1, severity: 'Minimal', riskLevel: 'moderate' });
    const flags = (await api(frontDesk, 'GET', `/clients/${client.id}/risk-flags`)).json().items;
    expect(flags).toEqual([
      expect.objectContaining({ status: 'active', level: 'moderate', measureResponseId: res.json().id }),
    ]);
    expect(flags[0].reason).toContain('item 9');
    for (const who of [clinician, supervisor]) {
      const inbox = (await api(who, 'GET', '/notifications')).json().items;
      expect(inbox[0]).toMatchObject({ kind: 'risk_flag', clientId: client.id, readAt: null });
      expect(inbox[0].message).toContain('Rowan Ellery');
    }
    expect((await api(outsider, 'GET', '/notifications')).json().items).toEqual([]);
    const raised = await t.database.unsafeOwner
      .select({ id: auditEvents.id })
      .from(auditEvents)
      .where(and(eq(auditEvents.clientId, client.id), eq(auditEvents.action, 'risk_flag.raised')));
    expect(raised).toHaveLength(1);

    const note = (await api(clinician, 'GET', '/notifications')).json().items[0].id;
    expect((await api(clinician, 'POST', `/notifications/${note}/read`)).statusCode).toBe(204);
    expect((await api(supervisor, 'POST', `/notifications/${note}/read`)).statusCode).toBe(404);

    const resolved = await api(clinician, 'POST', `/clients/${client.id}/risk-flags/${flags[0].id}/resolve`, {
      resolution: 'Safety plan reviewed by phone; no intent or plan.',
    });
    expect(resolved.json().items[0]).toMatchObject({
      status: 'resolved',
      resolution: 'Safety plan reviewed by phone; no intent or plan.',
    });
    const again = await api(clinician, 'POST', `/clients/${client.id}/risk-flags/${flags[0].id}/resolve`, {
      resolution: 'x',
    });
    expect(again.statusCode).toBe(404);
    const asFrontDesk = (await api(frontDesk, 'GET', `/clients/${client.id}/risk-flags`)).json().items[0];
    expect(asFrontDesk.resolution).toBeNull();
  });

  it('raises a flag for a positive C-SSRS screen', async () => {
    const res = await api(clinician, 'POST', `/clients/${client.id}/measures`, {
      instrumentId: 'cssrs_screen',
      answers: { '1': 1, '2': 1, '3': 1, '4': 0, '5': 0, '6': 0 },
    });
    expect(res.json()).toMatchObject({ riskLevel: 'moderate', severity: 'Moderate risk' });
    const flags = (await api(clinician, 'GET', `/clients/${client.id}/risk-flags`)).json().items;
    expect(flags[0]).toMatchObject({ status: 'active', level: 'moderate' });
  });

  it('answers 400 naming the item for incomplete, out-of-range or unknown answers and instruments', async () => {
    const eight = Object.fromEntries(Object.entries(phq9(0).answers).filter(([key]) => key !== '9'));
    const incomplete = await api(clinician, 'POST', `/clients/${client.id}/measures`, {
      instrumentId: 'phq9',
      answers: eight,
    });
    expect(incomplete.statusCode).toBe(400);
    expect(incomplete.json().errors).toEqual([
      { field: 'body.answers.9', message: 'item 9 is not answered' },
    ]);
    const range = await api(clinician, 'POST', `/clients/${client.id}/measures`, phq9(0, 4));
    expect(range.json().errors.map((e: { field: string }) => e.field)).toContain('body.answers.1');
    const skipped = await api(clinician, 'POST', `/clients/${client.id}/measures`, {
      instrumentId: 'cssrs_screen',
      answers: { '1': 0, '2': 1, '6': 0 },
    });
    expect(skipped.json().errors.map((e: { field: string }) => e.field)).toEqual([
      'body.answers.3',
      'body.answers.4',
      'body.answers.5',
    ]);
    expect(
      (await api(clinician, 'POST', `/clients/${client.id}/measures`, { instrumentId: 'bdi', answers: {} }))
        .statusCode,
    ).toBe(400);
    expect((await api(frontDesk, 'POST', `/clients/${client.id}/measures`, phq9(0))).statusCode).toBe(403);
    expect((await api(frontDesk, 'GET', `/clients/${client.id}/measures`)).statusCode).toBe(403);
    expect((await api(outsider, 'POST', `/clients/${client.id}/measures`, phq9(0))).statusCode).toBe(404);
    expect((await api(outsider, 'GET', `/clients/${client.id}/risk-flags`)).statusCode).toBe(404);
  });
});

describe('measures from the portal', () => {
  it('lets the signed-in client complete a PHQ-9 for their own chart only; item 9 reaches the clinician', async () => {
    const invited = await api(frontDesk, 'POST', `/clients/${client.id}/portal-invitation`, {
      email: 'rowan@example.test',
    });
    const token = (invited.json().invitePath as string).split('#token=')[1]!;
    const b = testBrowser(t.app);
    expect(
      (await b.post('/api/v1/portal/invitations/accept', { token, password: 'Maple-Harbor-Lights-58!' }))
        .statusCode,
    ).toBe(200);
    const done = await b.post('/api/v1/portal/measures', phq9(2, 1));
    expect(done.statusCode).toBe(201);
    expect(done.json()).toMatchObject({ source: 'portal', riskLevel: 'high', total: 10 });
    expect((await b.get('/api/v1/portal/measures')).json().items.at(-1).id).toBe(done.json().id);
    const flags = (await api(clinician, 'GET', `/clients/${client.id}/risk-flags`)).json().items;
    expect(
      flags.some(
        (f: { measureResponseId: string; level: string }) =>
          f.measureResponseId === done.json().id && f.level === 'high',
      ),
    ).toBe(true);
    expect((await b.get(`/api/v1/clients/${client.id}/measures`)).statusCode).toBe(403);
    expect((await testBrowser(t.app).post('/api/v1/portal/measures', phq9(0))).statusCode).toBe(401);
  });
});
