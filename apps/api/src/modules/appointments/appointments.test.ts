import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/build-test-app';
import { createAppointment, createClient, createPractice, createStaff } from '../../test/factories';

let t: TestApp;
let practice: Awaited<ReturnType<typeof createPractice>>;
let owner: Awaited<ReturnType<typeof createStaff>>;
let clinician: Awaited<ReturnType<typeof createStaff>>;
let colleague: Awaited<ReturnType<typeof createStaff>>;
let client: Awaited<ReturnType<typeof createClient>>;
let colleagueClient: Awaited<ReturnType<typeof createClient>>;
const monday = new Date('2026-11-23T14:00:00Z');
const at = (dayOffset: number, hour: number) => new Date(Date.UTC(2026, 10, 23 + dayOffset, hour, 0, 0));

beforeAll(async () => {
  t = await buildTestApp();
  practice = await createPractice(t.database);
  owner = await createStaff(t.database, practice, 'owner');
  clinician = await createStaff(t.database, practice, 'clinician');
  colleague = await createStaff(t.database, practice, 'clinician');
  client = await createClient(t.database, practice, {
    clinician,
    overrides: { legalFirstName: 'Wendell', legalLastName: 'Price', preferredName: 'Wen' },
  });
  colleagueClient = await createClient(t.database, practice, { clinician: colleague });
  for (const day of [0, 1, 2, 8]) {
    await createAppointment(t.database, practice, { clinician, client, startsAt: at(day, 15) });
  }
  await createAppointment(t.database, practice, {
    clinician: colleague,
    client: colleagueClient,
    startsAt: monday,
  });
});

afterAll(async () => {
  await t.close();
});

const week = (clinicianId: string) =>
  `/api/v1/appointments?clinicianId=${clinicianId}&from=${encodeURIComponent(at(0, 0).toISOString())}&to=${encodeURIComponent(at(7, 0).toISOString())}`;

describe('GET /api/v1/appointments', () => {
  it("returns a clinician's week in time order with client and clinician names", async () => {
    const res = await t.app.inject({ url: week(clinician.id), headers: t.as(clinician) });
    expect(res.statusCode).toBe(200);
    const items = res.json().items;
    expect(items.map((a: { startsAt: string }) => a.startsAt)).toEqual([
      at(0, 15).toISOString(),
      at(1, 15).toISOString(),
      at(2, 15).toISOString(),
    ]);
    expect(items[0]).toMatchObject({
      clientId: client.id,
      clientName: 'Wen Price',
      clinicianName: `${clinician.firstName} ${clinician.lastName}`,
      status: 'scheduled',
      modality: 'in_person',
    });
  });

  it("answers 404 when a clinician asks for a colleague's schedule, 200 for the owner", async () => {
    const denied = await t.app.inject({ url: week(colleague.id), headers: t.as(clinician) });
    expect(denied.statusCode).toBe(404);
    const allowed = await t.app.inject({ url: week(colleague.id), headers: t.as(owner) });
    expect(allowed.statusCode).toBe(200);
    expect(allowed.json().items).toHaveLength(1);
  });

  it('shows nothing of another practice: its clinician id yields an empty schedule', async () => {
    const other = await createPractice(t.database);
    const outsider = await createStaff(t.database, other, 'clinician');
    const outsiderClient = await createClient(t.database, other, { clinician: outsider });
    await createAppointment(t.database, other, {
      clinician: outsider,
      client: outsiderClient,
      startsAt: monday,
    });
    const res = await t.app.inject({ url: week(outsider.id), headers: t.as(owner) });
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toEqual([]);
  });

  it('rejects a reversed or too-wide range and a date without offset with 400 naming the field', async () => {
    const reversed = await t.app.inject({
      url: `/api/v1/appointments?clinicianId=${clinician.id}&from=2026-11-30T00:00:00Z&to=2026-11-23T00:00:00Z`,
      headers: t.as(owner),
    });
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().errors).toEqual([expect.objectContaining({ field: 'query.to' })]);
    const wide = await t.app.inject({
      url: `/api/v1/appointments?clinicianId=${clinician.id}&from=2026-01-01T00:00:00Z&to=2026-12-31T00:00:00Z`,
      headers: t.as(owner),
    });
    expect(wide.statusCode).toBe(400);
    const naive = await t.app.inject({
      url: `/api/v1/appointments?clinicianId=${clinician.id}&from=2026-11-23&to=2026-11-30T00:00:00Z`,
      headers: t.as(owner),
    });
    expect(naive.statusCode).toBe(400);
    expect(naive.json().errors).toEqual([expect.objectContaining({ field: 'query.from' })]);
  });

  it('runs the same number of queries for an empty week and a full one', async () => {
    const count = async (url: string) => {
      await t.app.inject({ url, headers: t.as(owner) });
      t.database.queries.length = 0;
      expect((await t.app.inject({ url, headers: t.as(owner) })).statusCode).toBe(200);
      return t.database.queries.length;
    };
    const full = await count(week(clinician.id));
    const empty = await count(week(owner.id));
    expect(full).toBe(empty);
    expect(full).toBeLessThanOrEqual(3);
  });
});

describe('GET /api/v1/clients/:id/appointments', () => {
  it("lists the client's appointments newest first", async () => {
    const res = await t.app.inject({
      url: `/api/v1/clients/${client.id}/appointments?limit=2`,
      headers: t.as(clinician),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((a: { startsAt: string }) => a.startsAt)).toEqual([
      at(8, 15).toISOString(),
      at(2, 15).toISOString(),
    ]);
  });

  it("answers 404 for a client outside the caller's caseload", async () => {
    const res = await t.app.inject({
      url: `/api/v1/clients/${colleagueClient.id}/appointments`,
      headers: t.as(clinician),
    });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('not_found');
  });
});
