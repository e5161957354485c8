import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appointments } from '@mentalspace/db';
import { buildTestApp, type TestApp } from '../../test/build-test-app';
import { createClient, createClients, createPractice, createStaff } from '../../test/factories';

let t: TestApp;
let practice: Awaited<ReturnType<typeof createPractice>>;
let admin: Awaited<ReturnType<typeof createStaff>>;
let clinician: Awaited<ReturnType<typeof createStaff>>;
let colleague: Awaited<ReturnType<typeof createStaff>>;

// Monday 2027-02-01 to Sunday 2027-02-07, New York (UTC-5).
const MONDAY = '2027-02-01';
const nyTime = (date: string, hhmm: string) => new Date(`${date}T${hhmm}:00-05:00`).toISOString();
const slotsUrl = (query: Record<string, string>) =>
  `/api/v1/availability/slots?${new URLSearchParams(query).toString()}`;
const weekQuery = (clinicianIds: string, extra: Record<string, string> = {}) => ({
  clinicianIds,
  from: nyTime(MONDAY, '00:00'),
  to: nyTime('2027-02-08', '00:00'),
  durationMinutes: '60',
  ...extra,
});

const setHours = (who: { id: string }, clinicianId: string, body: Record<string, unknown>) =>
  t.app.inject({
    method: 'PUT',
    url: `/api/v1/clinicians/${clinicianId}/availability`,
    headers: t.as(who),
    payload: body,
  });

beforeAll(async () => {
  t = await buildTestApp();
  practice = await createPractice(t.database);
  admin = await createStaff(t.database, practice, 'admin');
  clinician = await createStaff(t.database, practice, 'clinician');
  colleague = await createStaff(t.database, practice, 'clinician');
  for (const who of [clinician, colleague]) {
    const res = await setHours(admin, who.id, {
      timeZone: 'America/New_York',
      bufferMinutes: 10,
      workingHours: [
        { weekday: 1, startsAt: '09:00', endsAt: '12:00' },
        { weekday: 3, startsAt: '13:00', endsAt: '15:00', modality: 'telehealth' },
      ],
    });
    expect(res.statusCode).toBe(200);
  }
});

afterAll(async () => {
  await t.close();
});

describe('working hours and time off', () => {
  it("keeps a clinician's hours, zone and buffer, and refuses overlapping blocks", async () => {
    const res = await t.app.inject({
      url: `/api/v1/clinicians/${clinician.id}/availability`,
      headers: t.as(clinician),
    });
    expect(res.json()).toMatchObject({
      timeZone: 'America/New_York',
      bufferMinutes: 10,
      workingHours: [
        { weekday: 1, startsAt: '09:00', endsAt: '12:00', modality: null },
        { weekday: 3, startsAt: '13:00', endsAt: '15:00', modality: 'telehealth' },
      ],
    });
    const overlapping = await setHours(clinician, clinician.id, {
      timeZone: 'America/New_York',
      bufferMinutes: 0,
      workingHours: [
        { weekday: 2, startsAt: '09:00', endsAt: '12:00' },
        { weekday: 2, startsAt: '11:00', endsAt: '13:00' },
      ],
    });
    expect(overlapping.statusCode).toBe(400);
    const badZone = await setHours(clinician, clinician.id, {
      timeZone: 'Nowhere/Else',
      bufferMinutes: 0,
      workingHours: [],
    });
    expect(badZone.json().errors[0].field).toBe('body.timeZone');
    // A clinician cannot change a colleague's hours.
    const foreign = await setHours(clinician, colleague.id, {
      timeZone: 'UTC',
      bufferMinutes: 0,
      workingHours: [],
    });
    expect(foreign.statusCode).toBe(404);
  });
});

describe('findAvailableSlots', () => {
  it('offers hourly-length slots on the quarter hour inside working hours, by modality', async () => {
    const res = await t.app.inject({ url: slotsUrl(weekQuery(clinician.id)), headers: t.as(clinician) });
    expect(res.statusCode).toBe(200);
    const starts = res.json().items.map((s: { startsAt: string }) => s.startsAt);
    // Monday 9:00–12:00: 9:00 … 11:00 (9 starts); Wednesday 13:00–15:00: 13:00 … 14:00 (5 starts).
    expect(starts).toHaveLength(14);
    expect(starts[0]).toBe(nyTime(MONDAY, '09:00'));
    expect(starts).toContain(nyTime('2027-02-03', '14:00'));
    const inPerson = await t.app.inject({
      url: slotsUrl(weekQuery(clinician.id, { modality: 'in_person' })),
      headers: t.as(clinician),
    });
    expect(inPerson.json().items).toHaveLength(9);
  });

  it('keeps the buffer around appointments and skips time off', async () => {
    await t.database.unsafeOwner.insert(appointments).values({
      practiceId: practice.id,
      clinicianId: clinician.id,
      clientId: (await createClient(t.database, practice, { clinician })).id,
      startsAt: new Date(nyTime(MONDAY, '10:00')),
      endsAt: new Date(nyTime(MONDAY, '10:30')),
      modality: 'in_person',
    });
    const off = await t.app.inject({
      method: 'POST',
      url: `/api/v1/clinicians/${clinician.id}/time-off`,
      headers: t.as(clinician),
      payload: {
        startsAt: nyTime('2027-02-03', '00:00'),
        endsAt: nyTime('2027-02-04', '00:00'),
        reason: 'Training',
      },
    });
    expect(off.statusCode).toBe(201);
    const res = await t.app.inject({ url: slotsUrl(weekQuery(clinician.id)), headers: t.as(clinician) });
    const starts = res.json().items.map((s: { startsAt: string }) => s.startsAt);
    // 10:00–10:30 plus the 10-minute buffer blocks 9:50–10:40: every hour-long start from 9:00 to
    // 10:30 touches it, so Monday keeps 10:45 and 11:00; Wednesday is time off.
    expect(starts).toEqual([nyTime(MONDAY, '10:45'), nyTime(MONDAY, '11:00')]);
  });

  it('costs the same number of queries for one clinician or many, and 10 or 1,000 appointments', async () => {
    const many = await Promise.all(
      Array.from({ length: 8 }, () => createStaff(t.database, practice, 'clinician')),
    );
    const bulkClients = await createClients(t.database, practice, 2);
    const measure = async (clinicianIds: string) => {
      t.database.queries.length = 0;
      const res = await t.app.inject({ url: slotsUrl(weekQuery(clinicianIds)), headers: t.as(admin) });
      expect(res.statusCode).toBe(200);
      return t.database.queries.length;
    };
    const one = await measure(colleague.id);
    const nine = await measure([colleague.id, ...many.map((m) => m.id)].join(','));
    // 1,000 appointments on the colleague's calendar in the window, back to back.
    const start = new Date(nyTime(MONDAY, '00:00')).getTime();
    await t.database.unsafeOwner.insert(appointments).values(
      Array.from({ length: 1000 }, (_, i) => ({
        practiceId: practice.id,
        clinicianId: many[0]!.id,
        clientId: bulkClients[i % 2]!.id,
        startsAt: new Date(start + i * 10 * 60_000),
        endsAt: new Date(start + (i + 1) * 10 * 60_000),
        modality: 'telehealth' as const,
      })),
    );
    const loaded = await measure([colleague.id, ...many.map((m) => m.id)].join(','));
    expect(new Set([one, nine, loaded]).size).toBe(1);
  });

  it('refuses windows over 31 days and clinicians out of reach', async () => {
    const wide = await t.app.inject({
      url: slotsUrl({ ...weekQuery(clinician.id), to: nyTime('2027-04-01', '00:00') }),
      headers: t.as(clinician),
    });
    expect(wide.statusCode).toBe(400);
    const foreign = await t.app.inject({ url: slotsUrl(weekQuery(colleague.id)), headers: t.as(clinician) });
    expect(foreign.statusCode).toBe(404);
  });
});
