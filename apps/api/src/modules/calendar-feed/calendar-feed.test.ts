import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/build-test-app';
import { createClient, createPractice, createStaff } from '../../test/factories';

let t: TestApp;
let clinician: Awaited<ReturnType<typeof createStaff>>;
let frontDesk: Awaited<ReturnType<typeof createStaff>>;
let client: Awaited<ReturnType<typeof createClient>>;

beforeAll(async () => {
  t = await buildTestApp({ publicUrl: () => 'https://ehr.example.test' });
  const practice = await createPractice(t.database);
  clinician = await createStaff(t.database, practice, 'clinician', { timeZone: 'America/New_York' });
  frontDesk = await createStaff(t.database, practice, 'front_desk');
  client = await createClient(t.database, practice, {
    clinician,
    overrides: { legalFirstName: 'Philippa', legalLastName: 'Quorn' },
  });
});

afterAll(async () => {
  await t.close();
});

const inject = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: t.as(clinician), ...(payload ? { payload } : {}) });

async function feedUrl(detail: 'busy' | 'details') {
  const res = await inject('POST', '/api/v1/calendar-feed', { detail });
  expect(res.statusCode).toBe(201);
  return new URL(res.json().url as string).pathname;
}

/** Every occurrence start (UTC ISO) of every event in the feed, as an independent parser reads it. */
function expand(ics: string, until: Date) {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  for (const zone of calendar.getAllSubcomponents('vtimezone')) {
    ICAL.TimezoneService.register(new ICAL.Timezone(zone));
  }
  const vevents = calendar.getAllSubcomponents('vevent');
  const masters = vevents.filter((v) => !v.hasProperty('recurrence-id'));
  const starts: string[] = [];
  for (const component of masters) {
    const event = new ICAL.Event(component);
    for (const other of vevents) {
      if (other.hasProperty('recurrence-id') && other.getFirstPropertyValue('uid') === event.uid) {
        event.relateException(new ICAL.Event(other));
      }
    }
    if (!event.isRecurring()) {
      starts.push(event.startDate.toJSDate().toISOString());
      continue;
    }
    const iterator = event.iterator();
    for (let next = iterator.next(); next && next.toJSDate() < until; next = iterator.next()) {
      starts.push(event.getOccurrenceDetails(next).startDate.toJSDate().toISOString());
    }
  }
  return starts.sort();
}

describe('the private calendar feed', () => {
  it('publishes a series with its exceptions so that another parser expands the same sessions', async () => {
    // Weekly at 9:00 New York from 2027-03-01, across the DST change: 14:00Z, then 13:00Z.
    const booked = await inject('POST', '/api/v1/appointments', {
      clinicianId: clinician.id,
      clientId: client.id,
      modality: 'telehealth',
      startsAt: '2027-03-01T14:00:00Z',
      endsAt: '2027-03-01T14:50:00Z',
      recurrence: { rrule: 'FREQ=WEEKLY;COUNT=4', timeZone: 'America/New_York' },
    });
    expect(booked.statusCode).toBe(201);
    const list = await inject('GET', `/api/v1/clients/${client.id}/appointments`);
    const byStart = new Map(
      (list.json().items as { id: string; startsAt: string }[]).map((a) => [a.startsAt, a.id]),
    );
    // Cancel the second; move the third to 11:00 local.
    await inject('POST', `/api/v1/appointments/${byStart.get('2027-03-08T14:00:00.000Z')}/status`, {
      status: 'cancelled',
      cancelledBy: 'clinician',
    });
    await inject('PATCH', `/api/v1/appointments/${byStart.get('2027-03-15T13:00:00.000Z')}`, {
      startsAt: '2027-03-15T15:00:00Z',
      endsAt: '2027-03-15T15:50:00Z',
    });
    // And one single session.
    await inject('POST', '/api/v1/appointments', {
      clinicianId: clinician.id,
      clientId: client.id,
      modality: 'in_person',
      startsAt: '2027-02-10T16:00:00Z',
      endsAt: '2027-02-10T16:45:00Z',
    });

    const path = await feedUrl('details');
    const res = await t.app.inject({ url: path });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/calendar');
    expect(res.body).not.toContain('Philippa');
    expect(res.body).not.toContain('Quorn');
    expect(res.body).toContain('BEGIN:VTIMEZONE');
    expect(res.body).toContain('RRULE:FREQ=WEEKLY;COUNT=4');
    expect(expand(res.body, new Date('2027-12-31T00:00:00Z'))).toEqual([
      '2027-02-10T16:00:00.000Z',
      '2027-03-01T14:00:00.000Z',
      '2027-03-15T15:00:00.000Z',
      '2027-03-22T13:00:00.000Z',
    ]);
  });

  it('shows only busy blocks when asked, and stops working when revoked or replaced', async () => {
    const first = await feedUrl('details');
    const busy = await feedUrl('busy');
    expect((await t.app.inject({ url: first })).statusCode).toBe(404);
    const res = await t.app.inject({ url: busy });
    expect(res.body).toContain('SUMMARY:Busy');
    expect(res.body).not.toMatch(/SUMMARY:(?!Busy)/);
    expect((await inject('GET', '/api/v1/calendar-feed')).json()).toMatchObject({
      active: true,
      detail: 'busy',
    });
    expect((await inject('POST', '/api/v1/calendar-feed/revoke')).statusCode).toBe(204);
    expect((await t.app.inject({ url: busy })).statusCode).toBe(404);
  });

  it('refuses non-clinicians (403) and malformed feed names (400)', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/calendar-feed',
      headers: t.as(frontDesk),
      payload: { detail: 'busy' },
    });
    expect(res.statusCode).toBe(403);
    expect((await t.app.inject({ url: '/api/v1/calendar/not-a-token.ics' })).statusCode).toBe(400);
  });
});
