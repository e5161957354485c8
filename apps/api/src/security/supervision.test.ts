import { supervisions } from '@mentalspace/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../test/build-test-app';
import {
  createAppointment,
  createClient,
  createPractice,
  createStaff,
  createSupervision,
} from '../test/factories';

let t: TestApp;
let supervisor: { id: string };
let supervisee: { id: string };
let stranger: { id: string };
let superviseesClient: { id: string };
let strangersClient: { id: string };
let supervisionId: string;

beforeAll(async () => {
  t = await buildTestApp();
  const practice = await createPractice(t.database);
  supervisor = await createStaff(t.database, practice, 'supervisor');
  supervisee = await createStaff(t.database, practice, 'clinician');
  stranger = await createStaff(t.database, practice, 'clinician');
  superviseesClient = await createClient(t.database, practice, { clinician: supervisee });
  strangersClient = await createClient(t.database, practice, { clinician: stranger });
  await createAppointment(t.database, practice, {
    clinician: supervisee,
    client: superviseesClient,
    startsAt: new Date('2026-11-24T15:00:00Z'),
  });
  supervisionId = (await createSupervision(t.database, practice, supervisor, supervisee)).id;
});
afterAll(async () => {
  await t.close();
});

const schedule = (clinicianId: string) =>
  `/api/v1/appointments?clinicianId=${clinicianId}&from=2026-11-23T00:00:00Z&to=2026-11-30T00:00:00Z`;

describe('supervisors', () => {
  it("reach their supervisees' clients and schedules, and nobody else's", async () => {
    const as = t.as(supervisor);
    expect(
      (await t.app.inject({ url: `/api/v1/clients/${superviseesClient.id}`, headers: as })).statusCode,
    ).toBe(200);
    expect(
      (await t.app.inject({ url: `/api/v1/clients/${strangersClient.id}`, headers: as })).statusCode,
    ).toBe(404);
    const list = await t.app.inject({ url: '/api/v1/clients', headers: as });
    expect(list.json().items.map((c: { id: string }) => c.id)).toEqual([superviseesClient.id]);
    const own = await t.app.inject({ url: schedule(supervisee.id), headers: as });
    expect(own.statusCode).toBe(200);
    expect(own.json().items).toHaveLength(1);
    expect((await t.app.inject({ url: schedule(stranger.id), headers: as })).statusCode).toBe(404);
  });

  it('lose that reach on the next request once the supervision ends', async () => {
    await t.database.unsafeOwner
      .update(supervisions)
      .set({ active: false })
      .where(eq(supervisions.id, supervisionId));
    const as = t.as(supervisor);
    expect(
      (await t.app.inject({ url: `/api/v1/clients/${superviseesClient.id}`, headers: as })).statusCode,
    ).toBe(404);
    expect((await t.app.inject({ url: schedule(supervisee.id), headers: as })).statusCode).toBe(404);
  });

  it("do not give a supervisee reach to the supervisor's clients", async () => {
    const supervisorsClient = await createClient(
      t.database,
      { id: (await t.app.inject({ url: '/api/v1/session', headers: t.as(supervisor) })).json().practice.id },
      { clinician: supervisor },
    );
    expect(
      (await t.app.inject({ url: `/api/v1/clients/${supervisorsClient.id}`, headers: t.as(supervisee) }))
        .statusCode,
    ).toBe(404);
  });
});
