import { auditEvents, clientClinicians, measureResponses, staffNotifications } from '@mentalspace/db';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBrowser } from '../../test/browser';
import { buildTestApp, type TestApp } from '../../test/build-test-app';
import { createClient, createPractice, createStaff, createSupervision } from '../../test/factories';

let t: TestApp;
let practice: { id: string };
let clinician: { id: string };
let supervisor: { id: string };
let frontDesk: { id: string };
let outsider: { id: string };
let client: { id: string };

beforeAll(async () => {
  t = await buildTestApp();
  practice = await createPractice(t.database);
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

/** A PCL-5 with every item at `value`, then the given items changed. */
const pcl5 = (value: number, changes: Record<string, number> = {}) => ({
  instrumentId: 'pcl5',
  answers: {
    ...Object.fromEntries(Array.from({ length: 20 }, (_, i) => [String(i + 1), value])),
    ...changes,
  },
});
const clusters = (b: number, c: number, d: number, e: number) => [
  { key: 'B', label: 'Intrusion', score: b, maxScore: 20 },
  { key: 'C', label: 'Avoidance', score: c, maxScore: 8 },
  { key: 'D', label: 'Negative alterations in cognition and mood', score: d, maxScore: 28 },
  { key: 'E', label: 'Alterations in arousal and reactivity', score: e, maxScore: 24 },
];
// B 3+2+2+1+2 = 10, C 2+2 = 4, D 1+2+3+1+2+2+1 = 12, E 1+0+2+1+1+1 = 6: 32 in all, one below the cut-point.
const thirtyTwo = {
  '1': 3,
  '2': 2,
  '3': 2,
  '4': 1,
  '5': 2,
  '6': 2,
  '7': 2,
  '8': 1,
  '9': 2,
  '10': 3,
  '11': 1,
  '12': 2,
  '13': 2,
  '14': 1,
  '15': 1,
  '16': 0,
  '17': 2,
  '18': 1,
  '19': 1,
  '20': 1,
};

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
      expect(inbox[0]).toMatchObject({
        kind: 'risk_flag',
        clientId: client.id,
        clientName: 'Rowan Ellery',
        message: 'A PHQ-9 answer raised a moderate risk flag: review it on the chart',
        readAt: null,
      });
    }
    expect((await api(outsider, 'GET', '/notifications')).json().items).toEqual([]);
    // Minimum necessary: the stored row names neither the client nor the answer.
    const stored = await t.database.unsafeOwner
      .select({ message: staffNotifications.message })
      .from(staffNotifications)
      .where(eq(staffNotifications.clientId, client.id));
    expect(stored).toHaveLength(2);
    for (const { message } of stored) expect(message).not.toMatch(/Rowan|Ellery|item 9|self-harm/i);
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

  it('keeps a notification but drops the client’s name once the reader no longer reaches the client', async () => {
    const other = await createClient(t.database, practice, {
      clinician: outsider,
      overrides: { legalFirstName: 'Ines', legalLastName: 'Calloway' },
    });
    await api(outsider, 'POST', `/clients/${other.id}/measures`, phq9(2, 0));
    const named = (await api(outsider, 'GET', '/notifications')).json().items[0];
    expect(named).toMatchObject({ clientId: other.id, clientName: 'Ines Calloway' });
    await t.database.unsafeOwner
      .update(clientClinicians)
      .set({ endedAt: sql`${clientClinicians.startedAt} + interval '1 second'` })
      .where(eq(clientClinicians.clientId, other.id));
    const unnamed = (await api(outsider, 'GET', '/notifications')).json().items[0];
    expect(unnamed).toMatchObject({ id: named.id, clientId: other.id, clientName: null });
    expect(JSON.stringify(unnamed)).not.toMatch(/Ines|Calloway/);
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

describe('the PCL-5 in the office', () => {
  let client: { id: string };
  beforeAll(async () => {
    client = await createClient(t.database, practice, { clinician });
  });

  it('scores all answers at 0 as 0 and all at 4 as 80, with the DSM-5 cluster subscores, and raises no risk flag', async () => {
    const none = await api(clinician, 'POST', `/clients/${client.id}/measures`, pcl5(0));
    expect(none.statusCode).toBe(201);
    expect(none.json()).toMatchObject({
      instrumentId: 'pcl5',
      instrumentVersion: 1,
      total: 0,
      severity: 'Below threshold',
      riskLevel: 'none',
      subscores: clusters(0, 0, 0, 0),
    });
    const most = await api(clinician, 'POST', `/clients/${client.id}/measures`, pcl5(4));
    expect(most.json()).toMatchObject({
      total: 80,
      severity: 'Probable PTSD',
      riskLevel: 'none',
      subscores: clusters(20, 8, 28, 24),
    });
    expect((await api(clinician, 'GET', `/clients/${client.id}/risk-flags`)).json().items).toEqual([]);
    const [raw] = await t.database.unsafeOwner
      .select({
        answers: measureResponses.answers,
        total: measureResponses.total,
        severity: measureResponses.severity,
      })
      .from(measureResponses)
      .where(eq(measureResponses.id, most.json().id));
    expect(raw).toMatchObject({ total: 80, severity: 'Probable PTSD' });
    expect(raw!.answers).toMatch(/^phi1\./);
  });

  it('reads 32 as below the cut-point and 33 as probable PTSD, and lists both with their clusters for the trend', async () => {
    const below = await api(clinician, 'POST', `/clients/${client.id}/measures`, {
      instrumentId: 'pcl5',
      answers: thirtyTwo,
    });
    expect(below.json()).toMatchObject({
      total: 32,
      severity: 'Below threshold',
      subscores: clusters(10, 4, 12, 6),
    });
    const crossed = await api(clinician, 'POST', `/clients/${client.id}/measures`, {
      instrumentId: 'pcl5',
      answers: { ...thirtyTwo, '20': 2 },
    });
    expect(crossed.json()).toMatchObject({
      total: 33,
      severity: 'Probable PTSD',
      subscores: clusters(10, 4, 12, 7),
    });
    const list = (await api(clinician, 'GET', `/clients/${client.id}/measures`)).json().items as {
      instrumentId: string;
      total: number;
      severity: string;
      subscores: unknown[];
      answers: Record<string, number>;
    }[];
    expect(list.map((m) => [m.instrumentId, m.total, m.severity])).toEqual([
      ['pcl5', 0, 'Below threshold'],
      ['pcl5', 80, 'Probable PTSD'],
      ['pcl5', 32, 'Below threshold'],
      ['pcl5', 33, 'Probable PTSD'],
    ]);
    expect(list.at(-1)!.subscores).toEqual(clusters(10, 4, 12, 7));
    expect(list.at(-1)!.answers['20']).toBe(2);
    const timeline = await api(clinician, 'GET', `/clients/${client.id}/timeline`);
    expect(timeline.json().items[0]).toMatchObject({
      kind: 'measure',
      title: 'PCL-5',
      detail: '33 · Probable PTSD',
    });
  });

  it('answers 400 naming the item for an out-of-range answer, a missing item or an unknown one', async () => {
    const outOfRange = await api(clinician, 'POST', `/clients/${client.id}/measures`, pcl5(1, { '7': 5 }));
    expect(outOfRange.statusCode).toBe(400);
    expect(outOfRange.json()).toMatchObject({
      code: 'validation_failed',
      errors: [{ field: 'body.answers.7', message: 'item 7 has no answer 5' }],
    });
    const negative = await api(clinician, 'POST', `/clients/${client.id}/measures`, pcl5(1, { '12': -1 }));
    expect(negative.statusCode).toBe(400);
    expect(negative.json().errors.map((e: { field: string }) => e.field)).toEqual(['body.answers.12']);
    const nineteen = Object.fromEntries(Object.entries(pcl5(2).answers).filter(([key]) => key !== '14'));
    const missing = await api(clinician, 'POST', `/clients/${client.id}/measures`, {
      instrumentId: 'pcl5',
      answers: nineteen,
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors).toEqual([{ field: 'body.answers.14', message: 'item 14 is not answered' }]);
    const extra = await api(clinician, 'POST', `/clients/${client.id}/measures`, pcl5(0, { '21': 0 }));
    expect(extra.statusCode).toBe(400);
    expect(extra.json().errors).toEqual([
      { field: 'body.answers.21', message: 'item 21 is not part of this form as answered' },
    ]);
    expect((await api(frontDesk, 'POST', `/clients/${client.id}/measures`, pcl5(0))).statusCode).toBe(403);
    expect((await api(outsider, 'POST', `/clients/${client.id}/measures`, pcl5(0))).statusCode).toBe(404);
    const stored = await t.database.unsafeOwner
      .select({ id: measureResponses.id })
      .from(measureResponses)
      .where(eq(measureResponses.clientId, client.id));
    expect(stored).toHaveLength(4);
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

  it('lets the client complete a PCL-5 their clinician assigned, scored with its clusters, and refuses a missing item by name', async () => {
    const own = await createClient(t.database, practice, { clinician });
    const assigned = await api(clinician, 'POST', `/clients/${own.id}/measure-assignments`, {
      instrumentId: 'pcl5',
      cadence: 'every_n_weeks',
      intervalWeeks: 4,
    });
    expect(assigned.statusCode).toBe(201);
    const invited = await api(frontDesk, 'POST', `/clients/${own.id}/portal-invitation`, {
      email: 'pcl5-client@example.test',
    });
    const token = (invited.json().invitePath as string).split('#token=')[1]!;
    const b = testBrowser(t.app);
    expect(
      (await b.post('/api/v1/portal/invitations/accept', { token, password: 'Cedar-Lantern-Rivers-73!' }))
        .statusCode,
    ).toBe(200);
    expect((await b.get('/api/v1/portal/measures/assigned')).json().items).toEqual([
      expect.objectContaining({ instrumentId: 'pcl5', due: true, lastCompletedAt: null }),
    ]);

    const nineteen = Object.fromEntries(Object.entries(pcl5(3).answers).filter(([key]) => key !== '20'));
    const incomplete = await b.post('/api/v1/portal/measures', { instrumentId: 'pcl5', answers: nineteen });
    expect(incomplete.statusCode).toBe(400);
    expect(incomplete.json().errors).toEqual([
      { field: 'body.answers.20', message: 'item 20 is not answered' },
    ]);

    const done = await b.post('/api/v1/portal/measures', pcl5(2, { '1': 4 }));
    expect(done.statusCode).toBe(201);
    expect(done.json()).toMatchObject({
      source: 'portal',
      total: 42,
      severity: 'Probable PTSD',
      riskLevel: 'none',
      subscores: clusters(12, 4, 14, 12),
    });
    expect((await b.get('/api/v1/portal/measures')).json().items).toEqual([
      expect.objectContaining({ id: done.json().id, subscores: clusters(12, 4, 14, 12) }),
    ]);
    const [after] = (await b.get('/api/v1/portal/measures/assigned')).json().items;
    expect(after).toMatchObject({ instrumentId: 'pcl5', due: false });
    expect(Date.parse(after.lastCompletedAt)).toBeGreaterThanOrEqual(
      Date.parse(done.json().completedAt) - 5000,
    );
    const chart = (await api(clinician, 'GET', `/clients/${own.id}/measures`)).json().items;
    expect(chart).toEqual([expect.objectContaining({ id: done.json().id, source: 'portal', total: 42 })]);
    expect((await api(clinician, 'GET', `/clients/${own.id}/risk-flags`)).json().items).toEqual([]);
  });
});
