import { treatmentPlans } from '@mentalspace/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBrowser } from '../../test/browser';
import { buildTestApp, type TestApp } from '../../test/build-test-app';
import { createClient, createPractice, createStaff } from '../../test/factories';

let t: TestApp;
let clinician: { id: string };
let colleague: { id: string };
let biller: { id: string };
let outsider: { id: string };
let frontDesk: { id: string };
let client: { id: string };
let practice: { id: string };

beforeAll(async () => {
  t = await buildTestApp();
  practice = await createPractice(t.database);
  clinician = await createStaff(t.database, practice, 'clinician');
  colleague = await createStaff(t.database, practice, 'clinician');
  biller = await createStaff(t.database, practice, 'biller');
  outsider = await createStaff(t.database, practice, 'clinician');
  frontDesk = await createStaff(t.database, practice, 'front_desk');
  client = await createClient(t.database, practice, { clinician });
  await t.app.inject({
    method: 'PUT',
    url: `/api/v1/clients/${client.id}/clinicians/${colleague.id}`,
    headers: t.as(await createStaff(t.database, practice, 'admin')),
    payload: { assignment: 'secondary' },
  });
});
afterAll(async () => {
  await t.close();
});

const api = (as: { id: string }, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: t.as(as), ...(payload ? { payload } : {}) });

const content = {
  problems: [
    {
      key: 'p-panic',
      statement: 'Panic attacks limit work and driving.',
      goals: [
        {
          key: 'g-fewer',
          statement: 'Fewer and milder panic attacks.',
          objectives: [
            {
              key: 'o-weekly',
              statement: 'Panic attacks at most once a week.',
              measure: 'Self-report log; GAD-7 below 10',
              targetDate: '2027-03-01',
            },
          ],
        },
      ],
      interventions: [
        { key: 'i-cbt', description: 'CBT with interoceptive exposure', frequency: 'weekly, 53 minutes' },
      ],
    },
  ],
};

async function draft(body: object = { effectiveDate: '2026-12-01', reviewDate: '2027-03-01' }) {
  const res = await api(clinician, 'POST', `/clients/${client.id}/treatment-plans`, body);
  expect(res.statusCode).toBe(201);
  return res.json<{ id: string; version: number }>();
}

describe('treatment plans', () => {
  it('are drafted, saved from their version, signed into the active plan, and revised into a new one', async () => {
    const plan = await draft();
    const saved = await api(clinician, 'PUT', `/treatment-plans/${plan.id}`, {
      version: 1,
      effectiveDate: '2026-12-01',
      reviewDate: '2027-03-01',
      content,
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().content.problems[0].goals[0].objectives[0]).toMatchObject({
      status: 'open',
      key: 'o-weekly',
    });
    const signed = await api(clinician, 'POST', `/treatment-plans/${plan.id}/sign`, { version: 2 });
    expect(signed.json()).toMatchObject({ status: 'active', can: { edit: false, revise: true } });
    expect(signed.json().signatureHash).toMatch(/^[0-9a-f]{64}$/);
    const [raw] = await t.database.unsafeOwner
      .select({ content: treatmentPlans.content })
      .from(treatmentPlans)
      .where(eq(treatmentPlans.id, plan.id));
    expect(raw!.content).toMatch(/^phi1\./);

    const active = await api(clinician, 'GET', `/clients/${client.id}/treatment-plans/active`);
    expect(active.json().plan.id).toBe(plan.id);

    const revision = await draft({ effectiveDate: '2027-03-01', reviewDate: '2027-06-01', fromActive: true });
    const revised = await api(clinician, 'GET', `/treatment-plans/${revision.id}`);
    expect(revised.json().content).toEqual(saved.json().content);
    expect(
      (await api(clinician, 'POST', `/treatment-plans/${revision.id}/sign`, { version: 1 })).statusCode,
    ).toBe(200);
    const list = (await api(clinician, 'GET', `/clients/${client.id}/treatment-plans`)).json().items;
    expect(list.map((p: { id: string; status: string }) => [p.id, p.status])).toEqual([
      [revision.id, 'active'],
      [plan.id, 'superseded'],
    ]);
    const frozen = await api(clinician, 'PUT', `/treatment-plans/${plan.id}`, {
      version: 3,
      effectiveDate: '2026-12-01',
      reviewDate: '2027-03-01',
      content,
    });
    expect(frozen.statusCode).toBe(409);
    await expect(
      t.database.unsafeOwner
        .update(treatmentPlans)
        .set({ reviewDate: '2030-01-01' })
        .where(eq(treatmentPlans.id, revision.id)),
    ).rejects.toThrow();
  });

  it('refuses to sign an incomplete plan, naming each gap', async () => {
    const plan = await draft();
    await api(clinician, 'PUT', `/treatment-plans/${plan.id}`, {
      version: 1,
      effectiveDate: '2026-12-01',
      reviewDate: '2027-03-01',
      content: {
        problems: [
          {
            key: 'p1',
            statement: 'Low mood',
            goals: [
              {
                key: 'g1',
                statement: 'Feel better',
                objectives: [{ key: 'o1', statement: 'More activity' }],
              },
            ],
          },
        ],
      },
    });
    const res = await api(clinician, 'POST', `/treatment-plans/${plan.id}/sign`, { version: 2 });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { message: string }) => e.message)).toEqual([
      'Objective 1.1.1 needs a statement and how it is measured',
      'Objective 1.1.1 has no target date',
    ]);
  });

  it('refuses bad dates and keys, other authors, billers’ writes and outsiders; billers see no content', async () => {
    const backwards = await api(clinician, 'POST', `/clients/${client.id}/treatment-plans`, {
      effectiveDate: '2027-01-01',
      reviewDate: '2026-01-01',
    });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().errors[0].field).toBe('body.reviewDate');
    const plan = await draft();
    const badKey = await api(clinician, 'PUT', `/treatment-plans/${plan.id}`, {
      version: 1,
      effectiveDate: '2026-12-01',
      reviewDate: '2027-03-01',
      content: { problems: [{ key: 'Not A Key!', statement: 'x' }] },
    });
    expect(badKey.statusCode).toBe(400);
    expect(
      (
        await api(colleague, 'PUT', `/treatment-plans/${plan.id}`, {
          version: 1,
          effectiveDate: '2026-12-01',
          reviewDate: '2027-03-01',
          content,
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (await api(colleague, 'POST', `/treatment-plans/${plan.id}/sign`, { version: 1 })).statusCode,
    ).toBe(403);
    expect(
      (
        await api(biller, 'POST', `/clients/${client.id}/treatment-plans`, {
          effectiveDate: '2026-12-01',
          reviewDate: '2027-03-01',
        })
      ).statusCode,
    ).toBe(403);
    const asBiller = await api(biller, 'GET', `/treatment-plans/${plan.id}`);
    expect(asBiller.statusCode).toBe(200);
    expect(asBiller.json().content).toBeNull();
    expect((await api(outsider, 'GET', `/treatment-plans/${plan.id}`)).statusCode).toBe(404);
    const planless = await createClient(t.database, practice, { clinician });
    const none = await api(clinician, 'POST', `/clients/${planless.id}/treatment-plans`, {
      effectiveDate: '2026-12-01',
      reviewDate: '2027-03-01',
      fromActive: true,
    });
    expect(none.statusCode).toBe(400);
    expect(none.json().errors[0].field).toBe('body.fromActive');
  });

  it('lets the client read and sign their active plan in the portal, once', async () => {
    const portalClient = await createClient(t.database, practice, { clinician });
    const plan = (
      await api(clinician, 'POST', `/clients/${portalClient.id}/treatment-plans`, {
        effectiveDate: '2026-12-01',
        reviewDate: '2027-03-01',
      })
    ).json<{ id: string }>();
    await api(clinician, 'PUT', `/treatment-plans/${plan.id}`, {
      version: 1,
      effectiveDate: '2026-12-01',
      reviewDate: '2027-03-01',
      content,
    });
    const invited = await api(frontDesk, 'POST', `/clients/${portalClient.id}/portal-invitation`, {
      email: 'plan.client@example.test',
    });
    const token = (invited.json().invitePath as string).split('#token=')[1]!;
    const b = testBrowser(t.app);
    await b.post('/api/v1/portal/invitations/accept', { token, password: 'Maple-Harbor-Lights-58!' });
    // A draft is not shown to the client.
    expect((await b.get('/api/v1/portal/treatment-plan')).json()).toEqual({ plan: null });
    await api(clinician, 'POST', `/treatment-plans/${plan.id}/sign`, { version: 2 });
    const shown = (await b.get('/api/v1/portal/treatment-plan')).json();
    expect(shown.plan).toMatchObject({ id: plan.id, clientSignedAt: null });
    expect(shown.plan.content.problems[0].statement).toBe('Panic attacks limit work and driving.');
    const signed = await b.post('/api/v1/portal/treatment-plan/sign', {
      planId: plan.id,
      signerName: 'Rowan Client',
    });
    expect(signed.statusCode).toBe(200);
    expect(signed.json().plan.clientSignedAt).not.toBeNull();
    expect(
      (await b.post('/api/v1/portal/treatment-plan/sign', { planId: plan.id, signerName: 'Rowan Client' }))
        .statusCode,
    ).toBe(409);
    const staffView = await api(clinician, 'GET', `/treatment-plans/${plan.id}`);
    expect(staffView.json().clientSignedAt).not.toBeNull();
    // Another client's plan is not theirs to sign.
    const others = (await api(clinician, 'GET', `/clients/${client.id}/treatment-plans`)).json().items;
    const othersActive = others.find((p: { status: string }) => p.status === 'active');
    expect(
      (
        await b.post('/api/v1/portal/treatment-plan/sign', {
          planId: othersActive.id,
          signerName: 'Rowan Client',
        })
      ).statusCode,
    ).toBe(404);
  });
});
