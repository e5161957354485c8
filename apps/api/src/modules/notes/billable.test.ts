import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/build-test-app';
import { createAppointment, createClient, createPractice, createStaff } from '../../test/factories';

let t: TestApp;
let owner: { id: string };
let clinician: { id: string };
let client: { id: string };
let appointment: { id: string };
let practice: { id: string };

beforeAll(async () => {
  t = await buildTestApp();
  practice = await createPractice(t.database);
  owner = await createStaff(t.database, practice, 'owner');
  clinician = await createStaff(t.database, practice, 'clinician');
  client = await createClient(t.database, practice, { clinician });
  appointment = await createAppointment(t.database, practice, {
    clinician,
    client,
    startsAt: new Date('2026-11-20T15:00:00Z'),
    status: 'completed',
  });
});
afterAll(async () => {
  await t.close();
});

const api = (as: { id: string }, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: t.as(as), ...(payload ? { payload } : {}) });
const session = async () =>
  (await api(clinician, 'GET', `/clients/${client.id}/appointments`))
    .json()
    .items.find((a: { id: string }) => a.id === appointment.id) as {
    documentation: string;
    billable: boolean;
  };

describe('a note before an appointment is billable', () => {
  it('keeps a completed session unbillable until its note is signed, unless the practice turns the rule off', async () => {
    expect(await session()).toMatchObject({ documentation: 'none', billable: false });
    const note = await api(clinician, 'POST', `/clients/${client.id}/notes`, {
      type: 'contact',
      template: 'contact',
      serviceDate: '2026-11-20',
      appointmentId: appointment.id,
      content: { sections: { method: 'Phone', summary: 'Follow-up' } },
    });
    expect(await session()).toMatchObject({ documentation: 'draft', billable: false });
    await api(clinician, 'POST', `/notes/${note.json().id}/sign`, { version: 1 });
    expect(await session()).toMatchObject({ documentation: 'signed', billable: true });

    const other = await createAppointment(
      t.database,
      { id: (await api(owner, 'GET', '/session')).json().practice.id },
      {
        clinician,
        client,
        startsAt: new Date('2026-11-21T15:00:00Z'),
        status: 'completed',
      },
    );
    const before = (await api(clinician, 'GET', `/clients/${client.id}/appointments`)).json().items;
    expect(before.find((a: { id: string }) => a.id === other.id).billable).toBe(false);
    const changed = await api(owner, 'PUT', '/practice/clinical-settings', {
      noteDeadlineHours: 48,
      requireSignedNoteForBilling: false,
    });
    expect(changed.json()).toEqual({ noteDeadlineHours: 48, requireSignedNoteForBilling: false });
    const after = (await api(clinician, 'GET', `/clients/${client.id}/appointments`)).json().items;
    expect(after.find((a: { id: string }) => a.id === other.id).billable).toBe(true);
    expect((await api(clinician, 'GET', '/notes/due')).json().deadlineHours).toBe(48);
  });

  it('lets only owners and admins change the settings, within bounds', async () => {
    expect(
      (
        await api(clinician, 'PUT', '/practice/clinical-settings', {
          noteDeadlineHours: 24,
          requireSignedNoteForBilling: true,
        })
      ).statusCode,
    ).toBe(403);
    const bad = await api(owner, 'PUT', '/practice/clinical-settings', {
      noteDeadlineHours: 0,
      requireSignedNoteForBilling: true,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('body.noteDeadlineHours');
    expect((await api(clinician, 'GET', '/practice/clinical-settings')).statusCode).toBe(200);
  });
});
