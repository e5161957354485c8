import { appointments, outboundMessages } from '@mentalspace/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBrowser } from '../../test/browser';
import { buildTestApp, type TestApp } from '../../test/build-test-app';
import { createAppointment, createClient, createPractice, createStaff } from '../../test/factories';
import { unsafeQueueReminders } from './queue-reminders';

let t: TestApp;
let practice: Awaited<ReturnType<typeof createPractice>>;
let clinician: Awaited<ReturnType<typeof createStaff>>;
const HOUR = 3_600_000;
const publicUrl = () => 'https://ehr.example.test';

beforeAll(async () => {
  t = await buildTestApp({ publicUrl });
  practice = await createPractice(t.database);
  clinician = await createStaff(t.database, practice, 'clinician', { firstName: 'Robin', lastName: 'Ames' });
});

afterAll(async () => {
  await t.close();
});

async function session(
  hoursAhead: number,
  optIn = true,
  email = `c${Math.random().toString(36).slice(2)}@example.test`,
  modality: 'telehealth' | 'in_person' = 'telehealth',
) {
  const client = await createClient(t.database, practice, {
    clinician,
    overrides: { email, remindersOptIn: optIn, legalFirstName: 'Quentin', legalLastName: 'Blake' },
  });
  const appointment = await createAppointment(t.database, practice, {
    clinician,
    client,
    startsAt: new Date(Date.now() + hoursAhead * HOUR),
    modality,
  });
  return { client, appointment, email };
}

const sentTo = (email: string) =>
  t.database.unsafeOwner.select().from(outboundMessages).where(eq(outboundMessages.recipient, email));
const tokenIn = (body: string) => /\/appointment-links#([A-Za-z0-9_-]+)/.exec(body)?.[1] ?? '';

describe('appointment reminders', () => {
  it('queues the 48-hour and then the 2-hour reminder once each, naming no client or diagnosis', async () => {
    const { email, appointment } = await session(40);
    await unsafeQueueReminders(t.database, { publicUrl });
    await unsafeQueueReminders(t.database, { publicUrl });
    let messages = await sentTo(email);
    expect(messages.map((m) => m.dedupeKey)).toEqual([`reminder:${appointment.id}:48`]);
    expect(messages[0]!.body).toContain('with Robin Ames');
    expect(messages[0]!.body).toContain('https://ehr.example.test/appointment-links#');
    expect(messages[0]!.body).not.toContain('Quentin');
    // 39 hours later the session is an hour away: the 2-hour reminder goes out, once.
    const later = new Date(Date.now() + 39 * HOUR);
    await unsafeQueueReminders(t.database, { publicUrl, now: later });
    await unsafeQueueReminders(t.database, { publicUrl, now: later });
    messages = await sentTo(email);
    expect(messages.map((m) => m.dedupeKey).sort()).toEqual([
      `reminder:${appointment.id}:2`,
      `reminder:${appointment.id}:48`,
    ]);
  });

  it("carries a video session's single-use join link (an in-person session's reminder does not)", async () => {
    const video = await session(0.4);
    const office = await session(20, true, undefined, 'in_person');
    await unsafeQueueReminders(t.database, { publicUrl });
    const [message] = await sentTo(video.email);
    const join = /https:\/\/ehr\.example\.test\/join#([A-Za-z0-9_-]+)/.exec(message!.body)?.[1];
    expect(join).toBeTruthy();
    expect((await sentTo(office.email))[0]!.body).not.toContain('/join#');
    // The first browser enters the waiting room with it; the link then works for no one.
    const first = await testBrowser(t.app).post('/api/v1/telehealth/join-links/redeem', {
      token: join,
      atHome: true,
    });
    expect(first.statusCode).toBe(200);
    expect(first.json().me.state).toBe('waiting');
    const second = await testBrowser(t.app).post('/api/v1/telehealth/join-links/redeem', {
      token: join,
      atHome: true,
    });
    expect(second.json().code).toBe('link_unavailable');
  });

  it('reaches every due session however many there are, page after page', async () => {
    const sessions = await Promise.all([3, 4, 5, 6, 7].map((hours) => session(hours)));
    const result = await unsafeQueueReminders(t.database, { publicUrl, batch: 2 });
    expect(result.candidates).toBeGreaterThanOrEqual(5);
    for (const s of sessions) expect(await sentTo(s.email)).toHaveLength(1);
  });

  it('sends nothing to a client who did not opt in, or for a session beyond the largest offset', async () => {
    const notOptedIn = await session(10, false);
    const farAway = await session(24 * 5);
    await unsafeQueueReminders(t.database, { publicUrl });
    expect(await sentTo(notOptedIn.email)).toHaveLength(0);
    expect(await sentTo(farAway.email)).toHaveLength(0);
  });

  it("confirms through the reminder's link once, without signing in", async () => {
    const { email, appointment } = await session(30);
    await unsafeQueueReminders(t.database, { publicUrl });
    const token = tokenIn((await sentTo(email))[0]!.body);
    const browser = testBrowser(t.app);
    const view = await browser.post('/api/v1/appointment-links/view', { token });
    expect(view.json()).toMatchObject({ status: 'scheduled', usable: true, clinicianName: 'Robin Ames' });
    expect((await browser.post('/api/v1/appointment-links/confirm', { token })).json()).toEqual({
      changed: 1,
    });
    const again = await browser.post('/api/v1/appointment-links/cancel', { token });
    expect(again.statusCode).toBe(409);
    const [row] = await t.database.unsafeOwner
      .select()
      .from(appointments)
      .where(eq(appointments.id, appointment.id));
    expect(row!.status).toBe('confirmed');
    expect((await browser.post('/api/v1/appointment-links/view', { token })).json().usable).toBe(false);
  });

  it('cancels through the link as a late client cancellation', async () => {
    const { email, appointment } = await session(1.5);
    await unsafeQueueReminders(t.database, { publicUrl });
    const token = tokenIn((await sentTo(email))[0]!.body);
    const res = await testBrowser(t.app).post('/api/v1/appointment-links/cancel', { token });
    expect(res.json()).toEqual({ changed: 1 });
    const [row] = await t.database.unsafeOwner
      .select()
      .from(appointments)
      .where(eq(appointments.id, appointment.id));
    expect(row).toMatchObject({ status: 'cancelled', cancelledBy: 'client', lateCancel: true });
  });

  it("records the client's consent and channel, refusing a channel without an address", async () => {
    const frontDesk = await createStaff(t.database, practice, 'front_desk');
    const client = await createClient(t.database, practice, {
      overrides: { email: 'x@example.test', phone: null },
    });
    const set = (body: object) =>
      t.app.inject({
        method: 'PUT',
        url: `/api/v1/clients/${client.id}/reminders`,
        headers: t.as(frontDesk),
        payload: body,
      });
    const sms = await set({ remindersOptIn: true, reminderChannel: 'sms' });
    expect(sms.statusCode).toBe(400);
    expect(sms.json().errors[0].field).toBe('body.reminderChannel');
    const email = await set({ remindersOptIn: true, reminderChannel: 'email' });
    expect(email.json()).toMatchObject({ remindersOptIn: true, reminderChannel: 'email' });
  });

  it('answers 404 for an unknown link', async () => {
    const res = await testBrowser(t.app).post('/api/v1/appointment-links/confirm', { token: 'z'.repeat(43) });
    expect(res.statusCode).toBe(404);
  });
});
