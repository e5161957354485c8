import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/build-test-app';
import { createLocation, createPractice, createStaff } from '../../test/factories';

let t: TestApp;
let owner: { id: string };
let frontDesk: { id: string };
let location: { id: string };

beforeAll(async () => {
  t = await buildTestApp();
  const practice = await createPractice(t.database);
  owner = await createStaff(t.database, practice, 'owner');
  frontDesk = await createStaff(t.database, practice, 'front_desk');
  await createStaff(t.database, practice, 'clinician');
  location = await createLocation(t.database, practice, 'Downtown');
});

afterAll(async () => {
  await t.close();
});

const post = (who: { id: string }, url: string, payload: object) =>
  t.app.inject({ method: 'POST', url, headers: t.as(who), payload });

describe('scheduling setup', () => {
  it('lets owners add types and rooms that everyone booking then sees', async () => {
    const type = await post(owner, '/api/v1/appointment-types', {
      name: 'Family session',
      durationMinutes: 50,
      cptCode: '90847',
      modality: 'in_person',
      kind: 'family',
    });
    expect(type.statusCode).toBe(201);
    expect(
      (await post(owner, '/api/v1/rooms', { locationId: location.id, name: 'Blue room' })).statusCode,
    ).toBe(201);
    const setup = (await t.app.inject({ url: '/api/v1/scheduling/setup', headers: t.as(frontDesk) })).json();
    expect(setup.appointmentTypes).toEqual([
      expect.objectContaining({ name: 'Family session', kind: 'family' }),
    ]);
    expect(setup.rooms).toEqual([expect.objectContaining({ name: 'Blue room', locationName: 'Downtown' })]);
    expect(setup.clinicians).toHaveLength(1);
    const retire = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/appointment-types/${type.json().id}`,
      headers: t.as(owner),
      payload: { active: false },
    });
    expect(retire.statusCode).toBe(204);
  });

  it('refuses duplicates (409), bad codes (400) and other roles (403)', async () => {
    const body = { name: 'Intake', durationMinutes: 60, modality: 'in_person' };
    expect((await post(owner, '/api/v1/appointment-types', body)).statusCode).toBe(201);
    expect((await post(owner, '/api/v1/appointment-types', body)).statusCode).toBe(409);
    const badCode = await post(owner, '/api/v1/appointment-types', { ...body, name: 'X', cptCode: '9083' });
    expect(badCode.json().errors[0].field).toBe('body.cptCode');
    expect((await post(frontDesk, '/api/v1/appointment-types', { ...body, name: 'Y' })).statusCode).toBe(403);
    const room = await post(owner, '/api/v1/rooms', { locationId: owner.id, name: 'Nowhere' });
    expect(room.json().errors[0].field).toBe('body.locationId');
  });

  it('keeps scheduling settings with defaults, validated, owners and admins only', async () => {
    const defaults = (
      await t.app.inject({ url: '/api/v1/practice/scheduling-settings', headers: t.as(frontDesk) })
    ).json();
    expect(defaults).toEqual({
      lateCancelHours: 24,
      reminderOffsetsHours: [48, 2],
      remindersNameClinician: true,
      offerExpiryHours: 12,
      offersPerOpening: 3,
      selfBooking: { enabled: false, mode: 'request', minNoticeHours: 24, clinicianIds: [] },
    });
    const put = (who: { id: string }, payload: object) =>
      t.app.inject({
        method: 'PUT',
        url: '/api/v1/practice/scheduling-settings',
        headers: t.as(who),
        payload,
      });
    expect((await put(owner, { ...defaults, lateCancelHours: 48 })).json().lateCancelHours).toBe(48);
    expect((await put(owner, { ...defaults, offersPerOpening: 0 })).statusCode).toBe(400);
    expect((await put(frontDesk, defaults)).statusCode).toBe(403);
  });
});
