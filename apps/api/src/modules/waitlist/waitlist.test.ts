import { outboundMessages, waitlistOffers } from '@mentalspace/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBrowser } from '../../test/browser';
import { buildTestApp, type TestApp } from '../../test/build-test-app';
import {
  createAppointment,
  createClient,
  createClients,
  createPractice,
  createStaff,
} from '../../test/factories';

let t: TestApp;
let practice: Awaited<ReturnType<typeof createPractice>>;
let frontDesk: Awaited<ReturnType<typeof createStaff>>;
let clinician: Awaited<ReturnType<typeof createStaff>>;
let other: Awaited<ReturnType<typeof createStaff>>;

// Tuesday 2027-02-02, 15:00 New York (20:00Z): weekday 2, minute 900.
const TUESDAY_3PM = new Date('2027-02-02T20:00:00Z');
let week = 0;
/** The same Tuesday slot, a week later each time: every test frees a slot of its own. */
const nextSlot = () => new Date(TUESDAY_3PM.getTime() + week++ * 7 * 86_400_000);

const waitlist = (body: Record<string, unknown>) =>
  t.app.inject({ method: 'POST', url: '/api/v1/waitlist', headers: t.as(frontDesk), payload: body });

async function waitingClient(email: string | null, entry: Record<string, unknown> = {}) {
  const client = await createClient(t.database, practice, { clinician, overrides: { email } });
  const res = await waitlist({ clientId: client.id, ...entry });
  expect(res.statusCode).toBe(201);
  return client;
}

async function cancelFreshAppointment(startsAt: Date) {
  const holder = await createClient(t.database, practice, { clinician });
  const appointment = await createAppointment(t.database, practice, {
    clinician,
    client: holder,
    startsAt,
    modality: 'telehealth',
  });
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/v1/appointments/${appointment.id}/status`,
    headers: t.as(frontDesk),
    payload: { status: 'cancelled', cancelledBy: 'client' },
  });
  expect(res.statusCode).toBe(200);
  return appointment;
}

const offersFor = async (openingId: string) =>
  t.database.unsafeOwner.select().from(waitlistOffers).where(eq(waitlistOffers.openingId, openingId));

const messagesTo = async (recipient: string) =>
  t.database.unsafeOwner.select().from(outboundMessages).where(eq(outboundMessages.recipient, recipient));

const tokenIn = (body: string) => /\/offers#([A-Za-z0-9_-]+)/.exec(body)?.[1] ?? '';

beforeAll(async () => {
  t = await buildTestApp({ publicUrl: () => 'https://ehr.example.test' });
  practice = await createPractice(t.database);
  frontDesk = await createStaff(t.database, practice, 'front_desk');
  clinician = await createStaff(t.database, practice, 'clinician');
  other = await createStaff(t.database, practice, 'clinician');
});

afterAll(async () => {
  await t.close();
});

describe('offering an opening to the waitlist', () => {
  it('offers a cancelled slot to the matching clients in priority order, by email with a claim link', async () => {
    const routine = await waitingClient('routine@example.test', { priority: 4 });
    const urgent = await waitingClient('urgent@example.test', {
      priority: 1,
      weekdays: [2],
      modality: 'telehealth',
    });
    const wrongDay = await waitingClient('monday@example.test', { priority: 1, weekdays: [1] });
    const wrongHours = await waitingClient('mornings@example.test', { priority: 1, latestMinute: 720 });
    const otherClinician = await waitingClient('other@example.test', {
      priority: 1,
      clinicianIds: [other.id],
    });
    const appointment = await cancelFreshAppointment(nextSlot());
    const offers = await offersFor(appointment.id);
    expect(offers.map((o) => o.clientId).sort()).toEqual([routine.id, urgent.id].sort());
    const [mail] = await messagesTo('urgent@example.test');
    expect(mail).toMatchObject({ channel: 'email', purpose: 'waitlist_offer', status: 'queued' });
    expect(mail!.body).toContain('https://ehr.example.test/offers#');
    expect(mail!.body).toMatch(/Tuesday, February 2.*3:00\s?PM EST/);
    for (const c of [wrongDay, wrongHours, otherClinician])
      expect(await messagesTo(c.email!)).toHaveLength(0);
    // Staff see who was offered what.
    const list = (await t.app.inject({ url: '/api/v1/waitlist', headers: t.as(frontDesk) })).json().items;
    expect(list.find((e: { clientId: string }) => e.clientId === urgent.id).lastOffer).toMatchObject({
      status: 'offered',
    });
  });

  it('books the first claim atomically, tells the others it is gone, and refuses later claims', async () => {
    const a = await waitingClient('first@example.test', { priority: 2 });
    const b = await waitingClient('second@example.test', { priority: 2 });
    const appointment = await cancelFreshAppointment(nextSlot());
    const tokenA = tokenIn((await messagesTo('first@example.test'))[0]!.body);
    const tokenB = tokenIn((await messagesTo('second@example.test'))[0]!.body);
    const browser = testBrowser(t.app);
    const view = await browser.post('/api/v1/waitlist-offers/view', { token: tokenB });
    expect(view.json()).toMatchObject({ status: 'offered', modality: 'telehealth' });
    const claims = await Promise.all([
      browser.post('/api/v1/waitlist-offers/claim', { token: tokenB }),
      testBrowser(t.app).post('/api/v1/waitlist-offers/claim', { token: tokenA }),
    ]);
    const codes = claims.map((c) => c.statusCode).sort();
    expect(codes).toEqual([200, 409]);
    expect(claims.find((c) => c.statusCode === 409)!.json().code).toBe('offer_unavailable');
    const winner = claims[0].statusCode === 200 ? b : a;
    const loser = winner === a ? b : a;
    const offers = await offersFor(appointment.id);
    expect(offers.find((o) => o.clientId === winner.id)).toMatchObject({ status: 'claimed' });
    expect(offers.find((o) => o.clientId === loser.id)).toMatchObject({ status: 'gone' });
    expect((await messagesTo(loser.email!)).map((m) => m.purpose).sort()).toEqual([
      'waitlist_gone',
      'waitlist_offer',
    ]);
    expect((await messagesTo(winner.email!)).map((m) => m.purpose).sort()).toEqual([
      'waitlist_booked',
      'waitlist_offer',
    ]);
    // The booked appointment is the winner's, and they left the waitlist.
    const booked = (
      await t.app.inject({ url: `/api/v1/clients/${winner.id}/appointments`, headers: t.as(frontDesk) })
    ).json().items;
    expect(booked).toHaveLength(1);
    expect(booked[0]).toMatchObject({ startsAt: appointment.startsAt.toISOString(), status: 'scheduled' });
    const again = await testBrowser(t.app).post('/api/v1/waitlist-offers/claim', {
      token: tokenIn((await messagesTo(winner.email!)).find((m) => m.purpose === 'waitlist_offer')!.body),
    });
    expect(again.statusCode).toBe(409);
  });

  it('answers 404 for an unknown link and 400 for a malformed one, without a session', async () => {
    const browser = testBrowser(t.app);
    expect((await browser.post('/api/v1/waitlist-offers/claim', { token: 'x'.repeat(43) })).statusCode).toBe(
      404,
    );
    expect((await browser.post('/api/v1/waitlist-offers/claim', { token: 'short' })).statusCode).toBe(400);
    expect(
      (await browser.post('/api/v1/waitlist-offers/claim', { token: 'x'.repeat(43) }, { csrf: false }))
        .statusCode,
    ).toBe(403);
  });

  it('costs the same number of queries to offer an opening with 10 or 1,000 waiting clients', async () => {
    const measure = async () => {
      const startsAt = nextSlot();
      const holder = await createClient(t.database, practice, { clinician });
      const appointment = await createAppointment(t.database, practice, {
        clinician,
        client: holder,
        startsAt,
        modality: 'telehealth',
      });
      t.database.queries.length = 0;
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/appointments/${appointment.id}/status`,
        headers: t.as(frontDesk),
        payload: { status: 'cancelled', cancelledBy: 'clinician' },
      });
      expect(res.statusCode).toBe(200);
      return { queries: t.database.queries.length, offers: (await offersFor(appointment.id)).length };
    };
    const addWaiting = async (count: number) => {
      const clients = await createClients(t.database, practice, count, clinician);
      await t.database.unsafeOwner.execute(
        `update clients set email = 'bulk-' || id || '@example.test' where legal_first_name like 'Bulk%' and email is null`,
      );
      for (const c of clients) {
        expect((await waitlist({ clientId: c.id, priority: 5 })).statusCode).toBe(201);
      }
    };
    await addWaiting(10);
    const few = await measure();
    await addWaiting(990);
    const many = await measure();
    expect(few.offers).toBe(3);
    expect(many.offers).toBe(3);
    expect(many.queries).toBe(few.queries);
  });
});
