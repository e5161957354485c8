import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBrowser } from '../../test/browser';
import { buildTestApp, type TestApp } from '../../test/build-test-app';
import { createAppointmentType, createClient, createPractice, createStaff } from '../../test/factories';

let t: TestApp;
let owner: Awaited<ReturnType<typeof createStaff>>;
let clinician: Awaited<ReturnType<typeof createStaff>>;
let stranger: Awaited<ReturnType<typeof createStaff>>;
let client: Awaited<ReturnType<typeof createClient>>;
let bookable: Awaited<ReturnType<typeof createAppointmentType>>;
let hidden: Awaited<ReturnType<typeof createAppointmentType>>;
let portal: ReturnType<typeof testBrowser>;

const PASSWORD = 'Maple-Harbor-Lights-58!';
// Monday 2027-02-01, New York.
const week = { from: '2027-02-01T05:00:00.000Z', to: '2027-02-08T05:00:00.000Z' };

const settings = (selfBooking: object) =>
  t.app.inject({
    method: 'PUT',
    url: '/api/v1/practice/scheduling-settings',
    headers: t.as(owner),
    payload: {
      lateCancelHours: 24,
      reminderOffsetsHours: [48, 2],
      remindersNameClinician: true,
      offerExpiryHours: 12,
      offersPerOpening: 3,
      selfBooking: { enabled: true, mode: 'request', minNoticeHours: 24, clinicianIds: [], ...selfBooking },
    },
  });

beforeAll(async () => {
  t = await buildTestApp();
  const practice = await createPractice(t.database);
  owner = await createStaff(t.database, practice, 'owner');
  clinician = await createStaff(t.database, practice, 'clinician', { firstName: 'Uma', lastName: 'Reyes' });
  stranger = await createStaff(t.database, practice, 'clinician');
  client = await createClient(t.database, practice, {
    clinician,
    overrides: { email: 'marta@example.test' },
  });
  bookable = await createAppointmentType(t.database, practice, {
    name: 'Video session',
    durationMinutes: 50,
    modality: 'telehealth',
    bookableOnline: true,
  });
  hidden = await createAppointmentType(t.database, practice, { name: 'Intake', durationMinutes: 60 });
  for (const who of [clinician, stranger]) {
    await t.app.inject({
      method: 'PUT',
      url: `/api/v1/clinicians/${who.id}/availability`,
      headers: t.as(owner),
      payload: {
        timeZone: 'America/New_York',
        bufferMinutes: 0,
        workingHours: [{ weekday: 2, startsAt: '09:00', endsAt: '11:00' }],
      },
    });
  }
  const invitation = await t.app.inject({
    method: 'POST',
    url: `/api/v1/clients/${client.id}/portal-invitation`,
    headers: t.as(owner),
    payload: { email: 'marta@example.test' },
  });
  portal = testBrowser(t.app);
  const token = (invitation.json().invitePath as string).split('#token=')[1]!;
  expect(
    (await portal.post('/api/v1/portal/invitations/accept', { token, password: PASSWORD })).statusCode,
  ).toBe(200);
});

afterAll(async () => {
  await t.close();
});

const slotsUrl = (typeId: string, clinicianId: string) =>
  `/api/v1/portal/booking/slots?${new URLSearchParams({ appointmentTypeId: typeId, clinicianId, ...week }).toString()}`;

describe('portal self-booking', () => {
  it('is off until the practice turns it on', async () => {
    const options = await portal.get('/api/v1/portal/booking/options');
    expect(options.json()).toMatchObject({ enabled: false, types: [], clinicians: [] });
    expect((await portal.get(slotsUrl(bookable.id, clinician.id))).statusCode).toBe(404);
  });

  it("offers only bookable types with the client's own clinicians, and only open times", async () => {
    expect((await settings({})).statusCode).toBe(200);
    const options = (await portal.get('/api/v1/portal/booking/options')).json();
    expect(options.types.map((x: { id: string }) => x.id)).toEqual([bookable.id]);
    expect(options.clinicians.map((x: { id: string }) => x.id)).toEqual([clinician.id]);
    const slots = (await portal.get(slotsUrl(bookable.id, clinician.id))).json().items;
    // Tuesday 9:00–11:00 in 50-minute sessions on the quarter hour: 9:00 … 10:00.
    expect(slots.map((s: { startsAt: string }) => s.startsAt)).toEqual([
      '2027-02-02T14:00:00.000Z',
      '2027-02-02T14:15:00.000Z',
      '2027-02-02T14:30:00.000Z',
      '2027-02-02T14:45:00.000Z',
      '2027-02-02T15:00:00.000Z',
    ]);
    expect((await portal.get(slotsUrl(hidden.id, clinician.id))).statusCode).toBe(404);
    expect((await portal.get(slotsUrl(bookable.id, stranger.id))).statusCode).toBe(404);
  });

  it('requests a slot (held until the practice decides), notifies the clinician, and refuses taken or unoffered times', async () => {
    const book = (startsAt: string) =>
      portal.post('/api/v1/portal/booking', {
        appointmentTypeId: bookable.id,
        clinicianId: clinician.id,
        startsAt,
      });
    const res = await book('2027-02-02T14:00:00.000Z');
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ status: 'requested', endsAt: '2027-02-02T14:50:00.000Z' });
    expect((await book('2027-02-02T14:30:00.000Z')).statusCode).toBe(409); // overlaps the request
    expect((await book('2027-02-02T16:00:00.000Z')).statusCode).toBe(409); // outside working hours
    const inbox = await t.app.inject({ url: '/api/v1/notifications', headers: t.as(clinician) });
    const notice = inbox.json().items[0];
    expect(notice).toMatchObject({
      kind: 'online_booking',
      clientId: client.id,
      clientName: `${client.legalFirstName} ${client.legalLastName}`,
      message: expect.stringMatching(
        /^Online request for Video session on .+: approve or decline it on the schedule$/,
      ),
    });
    // The stored text names no client: the name is looked up for a reader who reaches them.
    expect(notice.message).not.toContain(client.legalLastName);
    // The clinician approves it from the schedule.
    const approve = await t.app.inject({
      method: 'POST',
      url: `/api/v1/appointments/${res.json().appointmentId}/status`,
      headers: t.as(clinician),
      payload: { status: 'scheduled' },
    });
    expect(approve.json()).toEqual({ changed: 1 });
  });

  it('books at once in instant mode, with a practice-chosen clinician list', async () => {
    await settings({ mode: 'instant', clinicianIds: [stranger.id] });
    const options = (await portal.get('/api/v1/portal/booking/options')).json();
    expect(options.clinicians.map((x: { id: string }) => x.id)).toEqual([stranger.id]);
    const res = await portal.post('/api/v1/portal/booking', {
      appointmentTypeId: bookable.id,
      clinicianId: stranger.id,
      startsAt: '2027-02-09T14:00:00.000Z',
    });
    expect(res.json()).toMatchObject({ status: 'scheduled' });
  });

  it('is for portal sessions only', async () => {
    const staff = await t.app.inject({ url: '/api/v1/portal/booking/options', headers: t.as(owner) });
    expect(staff.statusCode).toBe(401);
  });
});
