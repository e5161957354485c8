import { appointments, appointmentSeries } from '@mentalspace/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/build-test-app';
import {
  createAppointmentType,
  createClient,
  createLocation,
  createPractice,
  createRoom,
  createStaff,
} from '../../test/factories';
import { unsafeExtendSeriesHorizon } from './series-horizon';

let t: TestApp;
let practice: Awaited<ReturnType<typeof createPractice>>;
let frontDesk: Awaited<ReturnType<typeof createStaff>>;
let biller: Awaited<ReturnType<typeof createStaff>>;
let clinician: Awaited<ReturnType<typeof createStaff>>;
let colleague: Awaited<ReturnType<typeof createStaff>>;
let client: Awaited<ReturnType<typeof createClient>>;
let partner: Awaited<ReturnType<typeof createClient>>;
let colleagueClient: Awaited<ReturnType<typeof createClient>>;
let room: Awaited<ReturnType<typeof createRoom>>;
let type: Awaited<ReturnType<typeof createAppointmentType>>;

/** A weekday at an hour (UTC), `weeks` weeks after next Monday: always in the future. */
const nextMonday = (() => {
  const d = new Date();
  d.setUTCHours(0, 0, 0, 0);
  d.setUTCDate(d.getUTCDate() + ((8 - d.getUTCDay()) % 7 || 7));
  return d;
})();
const slot = (weeks: number, hour: number, minutes = 50) => {
  const startsAt = new Date(nextMonday.getTime() + weeks * 7 * 86_400_000 + hour * 3_600_000);
  return {
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + minutes * 60_000).toISOString(),
  };
};

const book = (as: { id: string }, body: Record<string, unknown>) =>
  t.app.inject({ method: 'POST', url: '/api/v1/appointments', headers: t.as(as), payload: body });

const status = (as: { id: string }, id: string, body: Record<string, unknown>) =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1/appointments/${id}/status`,
    headers: t.as(as),
    payload: body,
  });

beforeAll(async () => {
  t = await buildTestApp();
  practice = await createPractice(t.database);
  frontDesk = await createStaff(t.database, practice, 'front_desk');
  biller = await createStaff(t.database, practice, 'biller');
  clinician = await createStaff(t.database, practice, 'clinician');
  colleague = await createStaff(t.database, practice, 'clinician');
  client = await createClient(t.database, practice, {
    clinician,
    overrides: { legalFirstName: 'Ottoline', legalLastName: 'Marsh' },
  });
  partner = await createClient(t.database, practice, { clinician });
  colleagueClient = await createClient(t.database, practice, { clinician: colleague });
  const location = await createLocation(t.database, practice);
  room = await createRoom(t.database, practice, location);
  type = await createAppointmentType(t.database, practice);
});

afterAll(async () => {
  await t.close();
});

describe('booking one appointment', () => {
  it('books, takes the CPT code from the type and records who scheduled it', async () => {
    const res = await book(frontDesk, {
      clinicianId: clinician.id,
      clientId: client.id,
      appointmentTypeId: type.id,
      modality: 'in_person',
      roomId: room.id,
      ...slot(0, 14),
    });
    expect(res.statusCode).toBe(201);
    const { appointment } = res.json();
    expect(appointment).toMatchObject({ status: 'scheduled', serviceCode: '90837', roomId: room.id });
    const detail = await t.app.inject({
      url: `/api/v1/appointments/${appointment.id}`,
      headers: t.as(clinician),
    });
    expect(detail.json().history).toEqual([
      expect.objectContaining({
        fromStatus: null,
        toStatus: 'scheduled',
        changedByName: `${frontDesk.firstName} ${frontDesk.lastName}`,
      }),
    ]);
  });

  it("refuses the clinician's taken time with 409 naming the slot, not the client", async () => {
    const res = await book(frontDesk, {
      clinicianId: clinician.id,
      clientId: partner.id,
      modality: 'telehealth',
      ...slot(0, 14, 30),
    });
    expect(res.statusCode).toBe(409);
    const problem = res.json();
    expect(problem.code).toBe('appointment_conflict');
    expect(problem.conflict).toEqual({ resource: 'clinician', ...slot(0, 14) });
    expect(res.body).not.toContain('Ottoline');
    expect(res.body).not.toContain(client.id);
  });

  it("refuses another clinician's booking of a taken room", async () => {
    const res = await book(frontDesk, {
      clinicianId: colleague.id,
      clientId: colleagueClient.id,
      modality: 'in_person',
      roomId: room.id,
      ...slot(0, 14, 20),
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().conflict).toMatchObject({ resource: 'room' });
  });

  it('answers 400 naming the field for bad periods, past starts and rooms on telehealth', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ startsAt: slot(1, 10).startsAt, endsAt: slot(1, 9).startsAt }, 'body.endsAt'],
      [{ startsAt: slot(1, 10).startsAt, endsAt: slot(1, 40).startsAt }, 'body.endsAt'],
      [{ ...slot(-60, 10) }, 'body.startsAt'],
      [{ ...slot(1, 10), roomId: room.id, modality: 'telehealth' }, 'body.roomId'],
      [{ ...slot(1, 10), additionalClientIds: [partner.id] }, 'body.kind'],
      [
        { ...slot(1, 10), recurrence: { rrule: 'FREQ=WEEKLY', timeZone: 'Mars/Olympus' } },
        'body.recurrence.timeZone',
      ],
    ];
    for (const [override, field] of cases) {
      const res = await book(frontDesk, {
        clinicianId: clinician.id,
        clientId: client.id,
        modality: 'in_person',
        ...override,
      });
      expect(res.statusCode, field).toBe(400);
      expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    }
  });

  it('records a past session only when documenting it, as completed', async () => {
    const res = await book(clinician, {
      clinicianId: clinician.id,
      clientId: client.id,
      modality: 'in_person',
      documenting: true,
      ...slot(-3, 15),
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().appointment.status).toBe('completed');
  });

  it("keeps a clinician off a colleague's schedule and billers off everyone's (404)", async () => {
    for (const [who, clinicianId, clientId] of [
      [clinician, colleague.id, colleagueClient.id],
      [biller, clinician.id, client.id],
    ] as const) {
      const res = await book(who, { clinicianId, clientId, modality: 'telehealth', ...slot(2, 9) });
      expect(res.statusCode).toBe(404);
    }
  });

  it('books a couple session with both clients', async () => {
    const res = await book(clinician, {
      clinicianId: clinician.id,
      clientId: client.id,
      additionalClientIds: [partner.id],
      kind: 'couple',
      modality: 'telehealth',
      ...slot(0, 18),
    });
    expect(res.statusCode).toBe(201);
    const detail = await t.app.inject({
      url: `/api/v1/appointments/${res.json().appointment.id}`,
      headers: t.as(clinician),
    });
    expect(detail.json().participants.map((p: { clientId: string }) => p.clientId)).toEqual([partner.id]);
  });

  it('lets exactly one of many concurrent bookings of one slot win', async () => {
    const clients = await Promise.all(
      Array.from({ length: 12 }, () => createClient(t.database, practice, { clinician: colleague })),
    );
    const results = await Promise.all(
      clients.map((c) =>
        book(frontDesk, {
          clinicianId: colleague.id,
          clientId: c.id,
          modality: 'telehealth',
          ...slot(3, 16),
        }),
      ),
    );
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes.filter((c) => c === 201)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(11);
  });
});

describe('recurring series', () => {
  it('keeps a weekly 9:00 session at 9:00 local across the daylight-saving change', async () => {
    // 2027-03-01 09:00 New York is 14:00Z; after 14 March the clocks move and 09:00 is 13:00Z.
    const res = await book(frontDesk, {
      clinicianId: colleague.id,
      clientId: colleagueClient.id,
      modality: 'telehealth',
      startsAt: '2027-03-01T14:00:00Z',
      endsAt: '2027-03-01T14:50:00Z',
      recurrence: { rrule: 'FREQ=WEEKLY;COUNT=4', timeZone: 'America/New_York' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().occurrences).toBe(4);
    const rows = await t.database.unsafeOwner
      .select({ startsAt: appointments.startsAt })
      .from(appointments)
      .where(eq(appointments.seriesId, res.json().seriesId))
      .orderBy(appointments.startsAt);
    expect(rows.map((r) => r.startsAt.toISOString())).toEqual([
      '2027-03-01T14:00:00.000Z',
      '2027-03-08T14:00:00.000Z',
      '2027-03-15T13:00:00.000Z',
      '2027-03-22T13:00:00.000Z',
    ]);
  });

  it('books monthly on the second Tuesday', async () => {
    const res = await book(frontDesk, {
      clinicianId: colleague.id,
      clientId: colleagueClient.id,
      modality: 'telehealth',
      startsAt: '2027-01-12T15:00:00Z',
      endsAt: '2027-01-12T15:45:00Z',
      recurrence: { rrule: 'FREQ=MONTHLY;BYDAY=2TU;COUNT=3', timeZone: 'America/New_York' },
    });
    expect(res.statusCode).toBe(201);
    const rows = await t.database.unsafeOwner
      .select({ startsAt: appointments.startsAt })
      .from(appointments)
      .where(eq(appointments.seriesId, res.json().seriesId))
      .orderBy(appointments.startsAt);
    expect(rows.map((r) => r.startsAt.toISOString().slice(0, 10))).toEqual([
      '2027-01-12',
      '2027-02-09',
      '2027-03-09',
    ]);
  });

  it('refuses invalid rules with 400 naming the rule', async () => {
    for (const rrule of [
      'FREQ=HOURLY',
      'FREQ=WEEKLY;BYDAY=XX',
      'FOO=BAR',
      'FREQ=WEEKLY;INTERVAL=0',
      'not a rule',
    ]) {
      const res = await book(frontDesk, {
        clinicianId: colleague.id,
        clientId: colleagueClient.id,
        modality: 'telehealth',
        ...slot(5, 20),
        recurrence: { rrule },
      });
      expect(res.statusCode, rrule).toBe(400);
      expect(res.json().errors[0].field, rrule).toBe('body.recurrence.rrule');
    }
  });

  it('books none of a series when one occurrence collides, and names that occurrence', async () => {
    const held = await book(frontDesk, {
      clinicianId: clinician.id,
      clientId: client.id,
      modality: 'telehealth',
      ...slot(2, 16),
    });
    expect(held.statusCode).toBe(201);
    const before = await t.database.unsafeOwner.select().from(appointments);
    const res = await book(frontDesk, {
      clinicianId: clinician.id,
      clientId: partner.id,
      modality: 'telehealth',
      ...slot(1, 16),
      recurrence: { rrule: 'FREQ=WEEKLY;COUNT=3', timeZone: 'UTC' },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().conflict).toEqual({ resource: 'clinician', ...slot(2, 16) });
    const after = await t.database.unsafeOwner.select().from(appointments);
    expect(after).toHaveLength(before.length);
  });

  it('cancels one occurrence, then this and following (ending the series), keeping the exceptions', async () => {
    const res = await book(clinician, {
      clinicianId: clinician.id,
      clientId: partner.id,
      modality: 'telehealth',
      ...slot(1, 20),
      recurrence: { rrule: 'FREQ=WEEKLY;COUNT=6' },
    });
    expect(res.statusCode).toBe(201);
    const seriesId = res.json().seriesId as string;
    const occurrences = await t.database.unsafeOwner
      .select()
      .from(appointments)
      .where(eq(appointments.seriesId, seriesId))
      .orderBy(appointments.startsAt);
    expect(occurrences).toHaveLength(6);
    const one = await status(clinician, occurrences[1]!.id, {
      status: 'cancelled',
      cancelledBy: 'clinician',
    });
    expect(one.json()).toEqual({ changed: 1 });
    const rest = await status(clinician, occurrences[3]!.id, {
      status: 'cancelled',
      cancelledBy: 'client',
      scope: 'following',
    });
    expect(rest.json()).toEqual({ changed: 3 });
    const after = await t.database.unsafeOwner
      .select({ status: appointments.status })
      .from(appointments)
      .where(eq(appointments.seriesId, seriesId))
      .orderBy(appointments.startsAt);
    expect(after.map((a) => a.status)).toEqual([
      'scheduled',
      'cancelled',
      'scheduled',
      'cancelled',
      'cancelled',
      'cancelled',
    ]);
    const [series] = await t.database.unsafeOwner
      .select()
      .from(appointmentSeries)
      .where(eq(appointmentSeries.id, seriesId));
    expect(series!.endedAt).not.toBeNull();
  });

  it('moves one occurrence as an exception, and this-and-following under a new series', async () => {
    const res = await book(clinician, {
      clinicianId: clinician.id,
      clientId: client.id,
      modality: 'telehealth',
      ...slot(1, 12),
      recurrence: { rrule: 'FREQ=WEEKLY;COUNT=4', timeZone: 'America/New_York' },
    });
    const seriesId = res.json().seriesId as string;
    const rows = await t.database.unsafeOwner
      .select()
      .from(appointments)
      .where(eq(appointments.seriesId, seriesId))
      .orderBy(appointments.startsAt);
    const moveOne = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/appointments/${rows[0]!.id}`,
      headers: t.as(clinician),
      payload: { ...slot(1, 13), scope: 'this' },
    });
    expect(moveOne.json()).toEqual({ changed: 1 });
    const moveRest = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/appointments/${rows[2]!.id}`,
      headers: t.as(clinician),
      payload: { ...slot(3, 11), scope: 'following' },
    });
    expect(moveRest.json()).toEqual({ changed: 2 });
    const after = await t.database.unsafeOwner
      .select()
      .from(appointments)
      .where(eq(appointments.clientId, client.id))
      .orderBy(appointments.startsAt);
    const byId = new Map(after.map((a) => [a.id, a]));
    expect(byId.get(rows[0]!.id)).toMatchObject({
      seriesException: true,
      seriesId,
      startsAt: new Date(slot(1, 13).startsAt),
    });
    expect(byId.get(rows[1]!.id)!.startsAt).toEqual(rows[1]!.startsAt);
    expect(byId.get(rows[2]!.id)!.startsAt).toEqual(new Date(slot(3, 11).startsAt));
    expect(byId.get(rows[3]!.id)!.startsAt).toEqual(new Date(slot(4, 11).startsAt));
    expect(byId.get(rows[3]!.id)!.seriesId).not.toBe(seriesId);
    expect(byId.get(rows[2]!.id)!.seriesId).toBe(byId.get(rows[3]!.id)!.seriesId);
  });

  it('materializes an open-ended series to the horizon and the job extends it', async () => {
    const res = await book(colleague, {
      clinicianId: colleague.id,
      clientId: colleagueClient.id,
      modality: 'telehealth',
      ...slot(0, 22),
      recurrence: { rrule: 'FREQ=WEEKLY' },
    });
    const seriesId = res.json().seriesId as string;
    const count = async () =>
      (await t.database.unsafeOwner.select().from(appointments).where(eq(appointments.seriesId, seriesId)))
        .length;
    const first = await count();
    expect(first).toBeGreaterThanOrEqual(24);
    expect(first).toBeLessThanOrEqual(27);
    const later = new Date(Date.now() + 28 * 86_400_000);
    const extended = await unsafeExtendSeriesHorizon(t.database, later);
    expect(extended.booked).toBeGreaterThanOrEqual(4);
    expect(await count()).toBe(first + extended.booked);
    // Running again at the same time adds nothing.
    expect((await unsafeExtendSeriesHorizon(t.database, later)).booked).toBe(0);
  });
});

describe('status changes', () => {
  it('follows the allowed transitions and flags late client cancellations', async () => {
    const res = await book(frontDesk, {
      clinicianId: clinician.id,
      clientId: client.id,
      modality: 'telehealth',
      startsAt: new Date(Date.now() + 3 * 3_600_000).toISOString(),
      endsAt: new Date(Date.now() + 4 * 3_600_000).toISOString(),
    });
    const id = res.json().appointment.id as string;
    expect((await status(frontDesk, id, { status: 'completed' })).statusCode).toBe(409);
    expect((await status(frontDesk, id, { status: 'cancelled' })).statusCode).toBe(400);
    expect((await status(frontDesk, id, { status: 'confirmed' })).statusCode).toBe(200);
    expect((await status(biller, id, { status: 'checked_in' })).statusCode).toBe(404);
    expect((await status(frontDesk, id, { status: 'cancelled', cancelledBy: 'client' })).statusCode).toBe(
      200,
    );
    expect((await status(frontDesk, id, { status: 'scheduled' })).statusCode).toBe(409);
    const detail = (
      await t.app.inject({ url: `/api/v1/appointments/${id}`, headers: t.as(frontDesk) })
    ).json();
    expect(detail).toMatchObject({ status: 'cancelled', lateCancel: true, cancelledBy: 'client' });
    expect(detail.history.map((h: { toStatus: string }) => h.toStatus)).toEqual([
      'scheduled',
      'confirmed',
      'cancelled',
    ]);
  });
});
