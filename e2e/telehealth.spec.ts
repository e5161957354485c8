import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, openBrowser } from './support/browser';
import { startServer, type RunningServer } from './support/server';
import { firstStaffSignIn } from './support/sign-in';

/** Chromium's fake camera and microphone, granted without a prompt. */
const FAKE_MEDIA = ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'];

let server: RunningServer;
let clinicianBrowser: Awaited<ReturnType<typeof openBrowser>>;
let clientBrowser: Awaited<ReturnType<typeof openBrowser>>;
/** The app on `localhost`: a secure context, as camera access requires. */
let baseUrl: string;
const pageErrors: string[] = [];
/** Left signed in by the video session for the messaging step. */
let clinicianPage: Page;
let portalPage: Page;
let clientFirstName: string;

beforeAll(async () => {
  server = await startServer();
  baseUrl = server.baseUrl.replace('127.0.0.1', 'localhost');
  clinicianBrowser = await openBrowser(FAKE_MEDIA);
  clientBrowser = await openBrowser(FAKE_MEDIA);
});

afterAll(async () => {
  await clinicianBrowser?.close();
  await clientBrowser?.close();
  await server?.stop();
});

/** A JSON call from the signed-in page (its cookies and CSRF token), as the web app makes it. */
async function apiFrom<T>(
  page: Page,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: T }> {
  return page.evaluate(
    async ({ method, path, body }) => {
      // (In the page: the e2e project has no DOM types.)
      const { cookie } = (globalThis as unknown as { document: { cookie: string } }).document;
      const csrf = /(?:^|; )ms_csrf=([^;]+)/.exec(cookie)?.[1] ?? '';
      const res = await fetch(`/api/v1${path}`, {
        method,
        headers: {
          'x-csrf-token': decodeURIComponent(csrf),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? null : JSON.stringify(body),
      });
      return { status: res.status, json: (await res.json().catch(() => null)) as T };
    },
    { method, path, body },
  );
}

/** Connected, with decoded video frames from the other side (read from the tile's data attributes). */
async function receivingVideo(page: Page) {
  const tile = page.getByTestId('remote-video').first();
  await expect.poll(async () => tile.getAttribute('data-peer-state'), { timeout: 30_000 }).toBe('connected');
  await expect
    .poll(async () => Number(await tile.getAttribute('data-frames')), { timeout: 30_000 })
    .toBeGreaterThan(0);
  return Number(await tile.getAttribute('data-frames'));
}

describe('a video session in two browsers', () => {
  it('waits, is admitted, connects both ways, survives a drop, and records the real duration at the end', async () => {
    // The clinician books a video session starting in two minutes with a client on their caseload.
    const clinician = await clinicianBrowser.context.newPage();
    clinician.on('pageerror', (error) => pageErrors.push(error.message));
    await firstStaffSignIn(clinician, baseUrl, 'clinician@demo.mentalspace.local', server.demoPassword!);
    const me = await apiFrom<{ user: { id: string } }>(clinician, 'GET', '/session');
    const caseload = await apiFrom<{
      items: { id: string; legalFirstName: string; legalLastName: string }[];
    }>(clinician, 'GET', '/clients?limit=5');
    const client = caseload.json.items[0]!;
    const startsAt = new Date(Date.now() + 2 * 60_000);
    // Clear the demo schedule for the hour (the demo books sessions at 9, 11 and 14).
    const busy = await apiFrom<{ items: { id: string; startsAt: string; endsAt: string }[] }>(
      clinician,
      'GET',
      `/appointments?clinicianId=${me.json.user.id}&from=${new Date(Date.now() - 3_600_000).toISOString()}&to=${new Date(Date.now() + 3_600_000).toISOString()}`,
    );
    for (const a of busy.json.items)
      if (Date.parse(a.endsAt) > Date.now() && Date.parse(a.startsAt) < startsAt.getTime() + 50 * 60_000)
        await apiFrom(clinician, 'POST', `/appointments/${a.id}/status`, {
          status: 'cancelled',
          cancelledBy: 'practice',
        });
    const booked = await apiFrom<{ appointment: { id: string } }>(clinician, 'POST', '/appointments', {
      clinicianId: me.json.user.id,
      clientId: client.id,
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 50 * 60_000).toISOString(),
      modality: 'telehealth',
      serviceCode: '90837',
    });
    expect(booked.status).toBe(201);
    const appointmentId = booked.json.appointment.id;

    // The client gets a portal account and finds the session there.
    const invitation = await apiFrom<{ invitePath: string }>(
      clinician,
      'POST',
      `/clients/${client.id}/portal-invitation`,
      {
        email: 'video.client@example.test',
      },
    );
    expect(invitation.status).toBe(201);
    const portal = await clientBrowser.context.newPage();
    portal.on('pageerror', (error) => pageErrors.push(error.message));
    await portal.goto(`${baseUrl}${invitation.json.invitePath}`);
    await portal.getByLabel('New password').fill('Maple-Harbor-Lights-58!');
    await portal.getByLabel('Repeat the password').fill('Maple-Harbor-Lights-58!');
    await portal.getByRole('button', { name: 'Create my account' }).click();
    await portal.getByRole('link', { name: 'Join video session' }).click();
    await portal.getByRole('radio', { name: 'At home' }).check();
    await portal.getByRole('button', { name: 'Join the waiting room' }).click();
    await portal.getByText(/Waiting for .* to let you in/).waitFor();
    await portal.screenshot({ path: join(ARTIFACTS, 'telehealth-waiting.png'), fullPage: true });

    // The clinician hears of it wherever they are, opens the session and admits the client.
    await clinician.goto(`${baseUrl}/schedule`);
    await clinician.getByRole('heading', { name: 'Schedule' }).waitFor();
    // The client arrives (again) while the clinician is on the schedule; the schedule's live
    // connection opens just after the page, so the arrival is repeated until it is heard.
    const banner = clinician.getByRole('link', { name: 'Open the video session' });
    await expect
      .poll(
        async () => {
          await portal.reload();
          await portal.getByText(/Waiting for .* to let you in/).waitFor();
          return banner.waitFor({ timeout: 3_000 }).then(
            () => true,
            () => false,
          );
        },
        { timeout: 30_000 },
      )
      .toBe(true);
    await banner.click();
    await clinician.getByText('Waiting room', { exact: true }).waitFor();
    await clinician.screenshot({ path: join(ARTIFACTS, 'telehealth-lobby.png'), fullPage: true });
    await clinician.getByRole('button', { name: /^Admit / }).click();

    // Both peers connect and receive each other's video.
    await receivingVideo(clinician);
    const before = await receivingVideo(portal);
    await clinician.screenshot({ path: join(ARTIFACTS, 'telehealth-call-clinician.png'), fullPage: true });
    await portal.screenshot({ path: join(ARTIFACTS, 'telehealth-call-client.png'), fullPage: true });

    // The controls work from the keyboard: mute and camera off are pressed states.
    const mute = portal.getByRole('button', { name: 'Mute' });
    await mute.focus();
    await portal.keyboard.press('Enter');
    await expect
      .poll(() => portal.getByRole('button', { name: 'Unmute' }).getAttribute('aria-pressed'))
      .toBe('true');

    // The client's network drops (the tab goes away and comes back): back in the call, no second wait.
    await portal.reload();
    await receivingVideo(portal);
    await receivingVideo(clinician);
    expect(before).toBeGreaterThan(0);

    // The clinician ends it: the client is told, and the appointment carries the real times.
    await clinician.getByRole('button', { name: 'End session' }).click();
    await clinician.getByRole('dialog').getByRole('button', { name: 'End session' }).click();
    const duration = clinician.getByTestId('session-duration');
    await duration.waitFor();
    expect(await duration.textContent()).toMatch(/\d+ minutes?/);
    await clinician.getByText('POS 10').waitFor();
    await clinician.getByText('Modifier 95').waitFor();
    await portal.getByText('The session has ended').waitFor();
    await clinician.screenshot({ path: join(ARTIFACTS, 'telehealth-ended.png'), fullPage: true });
    const detail = await apiFrom<{ status: string; ran: { minutes: number; placeOfService: string } }>(
      clinician,
      'GET',
      `/appointments/${appointmentId}`,
    );
    expect(detail.json).toMatchObject({ status: 'completed', ran: { placeOfService: '10' } });
    expect(pageErrors).toEqual([]);
    clinicianPage = clinician;
    portalPage = portal;
    clientFirstName = client.legalFirstName;
  });

  it('lets the client write to the clinician afterwards, and the clinician answer', async () => {
    await portalPage.goto(`${baseUrl}/portal`);
    await portalPage
      .getByRole('textbox', { name: 'Message', exact: true })
      .fill('Thank you for today. Can we talk about sleep next time?');
    await portalPage.getByRole('button', { name: 'Send' }).click();
    await portalPage.getByText('Can we talk about sleep next time?').waitFor();

    await clinicianPage.goto(`${baseUrl}/messages`);
    await clinicianPage.getByRole('heading', { name: 'Messages' }).waitFor();
    await clinicianPage
      .getByRole('navigation', { name: 'Message threads' })
      .getByRole('link', { name: new RegExp(clientFirstName) })
      .click();
    await clinicianPage.getByText('Can we talk about sleep next time?').waitFor();
    await clinicianPage
      .getByRole('textbox', { name: 'Message', exact: true })
      .fill("Yes, let's start there.");
    await clinicianPage.getByRole('button', { name: 'Send' }).click();
    await clinicianPage.getByText("Yes, let's start there.").waitFor();
    await clinicianPage.screenshot({ path: join(ARTIFACTS, 'messages-staff.png'), fullPage: true });

    await portalPage.reload();
    await portalPage.getByText("Yes, let's start there.").waitFor();
    await portalPage.screenshot({ path: join(ARTIFACTS, 'messages-portal.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  });
});
