import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { Page } from 'playwright-core';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, openBrowser } from './support/browser';
import { startServer, type RunningServer } from './support/server';
import { firstStaffSignIn } from './support/sign-in';

/** A real SMTP server in the test process: the app sends to it; the test reads what arrived. */
let smtp: SMTPServer;
const mail: ParsedMail[] = [];
let server: RunningServer;
let browser: Awaited<ReturnType<typeof openBrowser>>;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          mail.push(parsed);
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const port = (smtp.server.address() as AddressInfo).port;
  server = await startServer({
    SMTP_URL: `smtp://127.0.0.1:${port}`,
    MAIL_FROM: 'Willow Creek <no-reply@willow.example>',
  });
  browser = await openBrowser();
  page = await browser.context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
});

/** Tuesday of next week (Monday-first weeks) on the demo practice's calendar (America/Chicago). */
function nextWeeksTuesday() {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Chicago' }).format(new Date());
  const local = new Date(`${today}T12:00:00Z`);
  const weekday = (local.getUTCDay() + 6) % 7; // 0 = Monday
  return new Date(local.getTime() + (7 - weekday + 1) * 86_400_000).toISOString().slice(0, 10);
}

async function pickOption(label: string | RegExp, search: string) {
  const box = page.getByRole('combobox', { name: label }).first();
  await box.click();
  await box.fill(search);
  await page
    .getByRole('option', { name: new RegExp(search) })
    .first()
    .click();
}

describe('scheduling in Chromium', () => {
  it('books a weekly series, cancels one occurrence, and the waitlisted client claims it from the email', async () => {
    await firstStaffSignIn(page, server.baseUrl, 'frontdesk@demo.mentalspace.local', server.demoPassword!);

    // Put Maya on the waitlist, most urgent, Tuesdays.
    await page.getByRole('link', { name: 'Waitlist' }).click();
    await page.getByRole('heading', { name: 'Waitlist' }).waitFor();
    await pickOption(/^Client/, 'Maya');
    await page.getByText('Tue', { exact: true }).click();
    await expect.poll(() => page.getByRole('checkbox', { name: 'Tue' }).isChecked()).toBe(true);
    await page.getByLabel('Priority (1 most urgent)').fill('1');
    await page.getByRole('button', { name: 'Add to waitlist' }).click();
    await page.getByRole('cell', { name: /Maya/ }).first().waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'waitlist.png'), fullPage: true });

    // Book Jordan weekly with Alex Rivera, four sessions, next Tuesday at 18:00.
    await page.getByRole('link', { name: 'Schedule' }).click();
    await page.getByRole('heading', { name: 'Schedule' }).waitFor();
    await page.getByRole('button', { name: 'New appointment' }).click();
    const dialog = page.getByRole('dialog', { name: 'New appointment' });
    await dialog.waitFor();
    await pickOption(/^Client/, 'Jordan');
    await dialog.getByRole('combobox', { name: /^Clinician/ }).click();
    await page.getByRole('option', { name: 'Alex Rivera' }).click();
    const date = nextWeeksTuesday();
    await dialog.getByLabel(/^Date/).fill(date);
    await dialog.getByLabel(/^Start time/).fill('18:00');
    await dialog.getByRole('combobox', { name: 'Where' }).click();
    await page.getByRole('option', { name: 'Video session' }).click();
    await dialog.getByRole('combobox', { name: 'Repeats' }).click();
    await page.getByRole('option', { name: 'Weekly' }).click();
    await dialog.getByLabel('Sessions').fill('4');
    await page.screenshot({ path: join(ARTIFACTS, 'booking-dialog.png') });
    await dialog.getByRole('button', { name: 'Book series' }).click();
    await dialog.waitFor({ state: 'hidden' });

    // The week view of Alex Rivera, next week, shows the session; open it and cancel this one.
    await page.getByRole('combobox', { name: 'Clinician' }).click();
    await page.getByRole('option', { name: 'Alex Rivera' }).click();
    await page.getByRole('button', { name: 'Next week' }).click();
    const session = page.getByRole('button', { name: /6:00\s?PM Jordan/ });
    await session.waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'schedule-week.png'), fullPage: true });
    await session.click();
    const drawer = page.getByRole('dialog', { name: 'Appointment' });
    await drawer.getByText(/repeats \(FREQ=WEEKLY;COUNT=4\)/).waitFor();
    await page.waitForTimeout(400); // the drawer's slide-in, for the screenshot only
    await page.screenshot({ path: join(ARTIFACTS, 'appointment-drawer.png') });
    await drawer.getByRole('button', { name: 'Cancel appointment' }).click();
    await drawer.getByText('Cancelled').first().waitFor();
    await page.keyboard.press('Escape');
    // Only this occurrence: the next week still has Jordan at 18:00.
    await page.getByRole('button', { name: 'Next week' }).click();
    await page.getByRole('button', { name: /6:00\s?PM Jordan/ }).waitFor();

    // The offer reaches Maya over SMTP (the outbox job sends every few seconds).
    await expect
      .poll(() => mail.find((m) => (m.to as { text: string } | undefined)?.text.startsWith('maya.')), {
        timeout: 30_000,
        interval: 500,
      })
      .toBeTruthy();
    const offer = mail.find((m) => (m.to as { text: string }).text.startsWith('maya.'))!;
    expect(offer.subject).toContain('an appointment opened up');
    const link = /(http:\/\/\S+\/offers#[A-Za-z0-9_-]+)/.exec(offer.text ?? '')?.[1];
    expect(link).toBeTruthy();

    // Maya opens the link (no sign-in) and claims it.
    const client = (await browser.context.browser()?.newContext()) ?? browser.context;
    const clientPage = await client.newPage();
    await clientPage.goto(link!);
    await clientPage.getByRole('heading', { name: 'An appointment opened up' }).waitFor();
    await clientPage
      .getByText(/Alex Rivera/)
      .first()
      .waitFor();
    await clientPage.screenshot({ path: join(ARTIFACTS, 'offer.png') });
    await clientPage.getByRole('button', { name: 'Claim this appointment' }).click();
    await clientPage.getByText('You are booked').waitFor();
    await clientPage.screenshot({ path: join(ARTIFACTS, 'offer-claimed.png') });
    await clientPage.close();

    // The confirmation arrives, and the front desk sees Maya in the freed slot.
    await expect
      .poll(() => mail.filter((m) => (m.to as { text: string }).text.startsWith('maya.')).length, {
        timeout: 30_000,
      })
      .toBe(2);
    await page.reload();
    await page.getByRole('combobox', { name: 'Clinician' }).click();
    await page.getByRole('option', { name: 'Alex Rivera' }).click();
    await page.getByRole('button', { name: 'Next week' }).click();
    await page.getByRole('button', { name: /6:00\s?PM Maya/ }).waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'schedule-after-claim.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  it('shows the owner the scheduling setup and the outbox', async () => {
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.waitForURL(/\/sign-in/);
    await firstStaffSignIn(page, server.baseUrl, 'owner@demo.mentalspace.local', server.demoPassword!);
    await page.getByRole('link', { name: 'Scheduling setup' }).click();
    await page.getByRole('table', { name: 'Appointment types' }).getByText('Psychotherapy, 53 min').waitFor();
    const form = page.getByRole('form', { name: 'Scheduling settings' });
    await form.getByLabel("A client's cancellation is late within (hours)").fill('48');
    await form.getByRole('button', { name: 'Save settings' }).click();
    await form.getByText('Saved.').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'scheduling-setup.png'), fullPage: true });
    await page.getByRole('link', { name: 'Outbox' }).click();
    await page.getByText('waitlist offer').first().waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'outbox.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  });
});
