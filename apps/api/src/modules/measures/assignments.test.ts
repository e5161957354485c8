import { measureResponses } from '@mentalspace/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/build-test-app';
import { createAppointment, createClient, createPractice, createStaff } from '../../test/factories';

let t: TestApp;
let practice: { id: string };
let clinician: { id: string };
let frontDesk: { id: string };

beforeAll(async () => {
  t = await buildTestApp();
  practice = await createPractice(t.database);
  clinician = await createStaff(t.database, practice, 'clinician');
  frontDesk = await createStaff(t.database, practice, 'front_desk');
});
afterAll(async () => {
  await t.close();
});

const api = (as: { id: string }, method: 'GET' | 'POST', url: string, payload?: object) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: t.as(as), ...(payload ? { payload } : {}) });
const phq9 = {
  instrumentId: 'phq9',
  answers: Object.fromEntries([1, 2, 3, 4, 5, 6, 7, 8, 9].map((k) => [String(k), 0])),
};
const gad7 = {
  instrumentId: 'gad7',
  answers: Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((k) => [String(k), 0])),
};
const dueOf = async (clientId: string) =>
  Object.fromEntries(
    (await api(clinician, 'GET', `/clients/${clientId}/measure-assignments`))
      .json()
      .items.filter((a: { active: boolean }) => a.active)
      .map((a: { instrumentId: string; due: boolean }) => [a.instrumentId, a.due]),
  );
const ageResponses = async (clientId: string, days: number) =>
  t.database.unsafeOwner
    .update(measureResponses)
    .set({ completedAt: new Date(Date.now() - days * 86_400_000) })
    .where(eq(measureResponses.clientId, clientId));

describe('measure schedules', () => {
  it('makes a one-off measure due until it is completed, then ends it', async () => {
    const client = await createClient(t.database, practice, { clinician });
    const assigned = await api(clinician, 'POST', `/clients/${client.id}/measure-assignments`, {
      instrumentId: 'phq9',
      cadence: 'once',
    });
    expect(assigned.statusCode).toBe(201);
    expect(await dueOf(client.id)).toEqual({ phq9: true });
    await api(clinician, 'POST', `/clients/${client.id}/measures`, phq9);
    expect(await dueOf(client.id)).toEqual({});
  });

  it('makes an every-N-weeks measure due again once the last response is older than N weeks', async () => {
    const client = await createClient(t.database, practice, { clinician });
    await api(clinician, 'POST', `/clients/${client.id}/measure-assignments`, {
      instrumentId: 'gad7',
      cadence: 'every_n_weeks',
      intervalWeeks: 4,
    });
    expect(await dueOf(client.id)).toEqual({ gad7: true });
    await api(clinician, 'POST', `/clients/${client.id}/measures`, gad7);
    expect(await dueOf(client.id)).toEqual({ gad7: false });
    await ageResponses(client.id, 27);
    expect(await dueOf(client.id)).toEqual({ gad7: false });
    await ageResponses(client.id, 29);
    expect(await dueOf(client.id)).toEqual({ gad7: true });
  });

  it('makes a before-each-appointment measure due in the 72 hours before the next session', async () => {
    const client = await createClient(t.database, practice, { clinician });
    await api(clinician, 'POST', `/clients/${client.id}/measure-assignments`, {
      instrumentId: 'phq9',
      cadence: 'before_each_appointment',
    });
    expect(await dueOf(client.id)).toEqual({ phq9: false });
    await createAppointment(t.database, practice, {
      clinician,
      client,
      startsAt: new Date(Date.now() + 5 * 86_400_000),
    });
    expect(await dueOf(client.id)).toEqual({ phq9: false });
    await createAppointment(t.database, practice, {
      clinician,
      client,
      startsAt: new Date(Date.now() + 24 * 3_600_000),
    });
    expect(await dueOf(client.id)).toEqual({ phq9: true });
    await api(clinician, 'POST', `/clients/${client.id}/measures`, phq9);
    expect(await dueOf(client.id)).toEqual({ phq9: false });
  });

  it("shows each client's own last completion, never another client's", async () => {
    const answered = await createClient(t.database, practice, { clinician });
    const waiting = await createClient(t.database, practice, { clinician });
    for (const client of [answered, waiting]) {
      await api(clinician, 'POST', `/clients/${client.id}/measure-assignments`, {
        instrumentId: 'gad7',
        cadence: 'every_n_weeks',
        intervalWeeks: 2,
      });
    }
    await api(clinician, 'POST', `/clients/${answered.id}/measures`, gad7);
    const lastOf = async (clientId: string) =>
      (await api(clinician, 'GET', `/clients/${clientId}/measure-assignments`)).json().items[0]
        .lastCompletedAt as string | null;
    expect(await lastOf(answered.id)).not.toBeNull();
    expect(await lastOf(waiting.id)).toBeNull();
    expect(await dueOf(waiting.id)).toEqual({ gad7: true });
  });

  it('refuses a second active schedule for one measure, bad cadences, other roles, and ends a schedule', async () => {
    const client = await createClient(t.database, practice, { clinician });
    const first = await api(clinician, 'POST', `/clients/${client.id}/measure-assignments`, {
      instrumentId: 'phq9',
      cadence: 'once',
    });
    const twice = await api(clinician, 'POST', `/clients/${client.id}/measure-assignments`, {
      instrumentId: 'phq9',
      cadence: 'every_n_weeks',
      intervalWeeks: 2,
    });
    expect(twice.statusCode).toBe(409);
    const missing = await api(clinician, 'POST', `/clients/${client.id}/measure-assignments`, {
      instrumentId: 'gad7',
      cadence: 'every_n_weeks',
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors[0].field).toBe('body.intervalWeeks');
    expect(
      (
        await api(clinician, 'POST', `/clients/${client.id}/measure-assignments`, {
          instrumentId: 'gad7',
          cadence: 'every_n_weeks',
          intervalWeeks: 60,
        })
      ).statusCode,
    ).toBe(400);
    expect(
      (
        await api(frontDesk, 'POST', `/clients/${client.id}/measure-assignments`, {
          instrumentId: 'gad7',
          cadence: 'once',
        })
      ).statusCode,
    ).toBe(403);
    const id = first.json().items[0].id as string;
    const ended = await api(clinician, 'POST', `/clients/${client.id}/measure-assignments/${id}/end`);
    expect(ended.json().items[0]).toMatchObject({ id, active: false, due: false });
    expect(
      (await api(clinician, 'POST', `/clients/${client.id}/measure-assignments/${id}/end`)).statusCode,
    ).toBe(404);
  });
});
