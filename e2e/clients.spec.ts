import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, openBrowser } from './support/browser';
import { startServer, type RunningServer } from './support/server';
import { firstStaffSignIn } from './support/sign-in';

let server: RunningServer;
let browser: Awaited<ReturnType<typeof openBrowser>>;
let context: BrowserContext;
let page: Page;
const pageErrors: string[] = [];
let averyChart = '';

beforeAll(async () => {
  server = await startServer();
  browser = await openBrowser();
  context = browser.context;
  page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the demo practice in Chromium', () => {
  it('sends an anonymous visitor to the sign-in page, whatever they open', async () => {
    await page.goto(`${server.baseUrl}/clients`);
    await page.waitForURL(/\/sign-in/);
    await page.getByLabel('E-mail').waitFor();
  });

  it('searches a client, opens their chart and sees their appointments', async () => {
    await firstStaffSignIn(page, server.baseUrl, 'owner@demo.mentalspace.local', server.demoPassword!);
    await page.getByLabel('Search clients').fill('Bennett');
    const link = page.getByRole('link', { name: 'Avery Bennett' });
    await link.waitFor();
    // The search is debounced: wait until the other clients have left the table.
    await page.getByRole('link', { name: 'Zoe Brooks' }).waitFor({ state: 'detached' });
    expect(await page.getByRole('table', { name: 'Clients' }).getByRole('row').count()).toBe(2); // header + match
    await page.screenshot({ path: join(ARTIFACTS, 'client-search.png') });

    await link.click();
    await page.getByRole('heading', { name: 'Avery Bennett' }).waitFor();
    averyChart = page.url();
    const appointments = page.getByRole('table', { name: 'Appointments' });
    await appointments.waitFor();
    expect(await appointments.getByRole('row').count()).toBeGreaterThan(1);
    await page.getByText('No information has been released outside the practice.').waitFor();
    const timeline = page.getByRole('table', { name: 'Timeline' });
    await timeline.getByText('Appointment · 90837').first().waitFor();
    await timeline.getByRole('link', { name: 'Progress note' }).first().waitFor();
    await page.getByRole('button', { name: 'Record a disclosure' }).click();
    const dialog = page.getByRole('dialog', { name: 'Record a disclosure' });
    await dialog.getByLabel('Date released').fill('2026-11-10');
    await dialog.getByLabel('Released to', { exact: false }).first().fill('Riverside County Superior Court');
    await dialog.getByLabel('What was released').fill('Dates of attendance');
    await dialog.getByLabel('Purpose').fill('Subpoena in a custody matter');
    await dialog.getByRole('button', { name: 'Record' }).click();
    await page
      .getByRole('table', { name: 'Disclosures' })
      .getByText('Riverside County Superior Court')
      .waitFor();

    await page.getByRole('button', { name: 'Add a policy' }).click();
    const policy = page.getByRole('dialog', { name: 'Add an insurance policy' });
    await policy.getByLabel(/^Payer( \*)?$/).fill('Blue Cross Blue Shield of Texas');
    await policy.getByLabel(/^Member id/).fill('XQB123456789');
    await policy.getByLabel(/^Subscriber( \*)?$/).fill('Avery Bennett');
    await policy.getByRole('button', { name: 'Add policy' }).click();
    await page.getByRole('table', { name: 'Insurance' }).getByText('XQB123456789').waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Jordan Bennett');
    await page.getByLabel('Relationship').fill('Mother');
    await page.getByLabel('Phone').fill('+1 512 555 0123');
    await page.getByRole('button', { name: 'Add contact' }).click();
    await page.getByRole('table', { name: 'Contacts' }).getByText('Jordan Bennett (Mother)').waitFor();
    // The SSN: a bad one is refused naming the field, a good one is shown masked until revealed.
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    const ssn = page.getByRole('textbox', { name: 'Social Security number' });
    await ssn.fill('666-12-3456');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText(/cannot begin with 000, 666 or 9/).waitFor();
    await ssn.fill('123-45-6789');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('***-**-6789').waitFor();
    await page.getByRole('button', { name: 'Reveal' }).click();
    await page.getByText('123-45-6789').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'client-page.png'), fullPage: true });
    await page.getByRole('button', { name: 'Hide' }).click();
    await page.getByText('***-**-6789').waitFor();
  });

  it("shows a clinician's week on the schedule, with links to the charts", async () => {
    await page.getByRole('link', { name: 'Schedule' }).click();
    await page.getByRole('heading', { name: 'Schedule' }).waitFor();
    await page.getByRole('button', { name: 'Next week' }).click();
    const firstSession = page.getByRole('region').getByRole('button').first();
    await firstSession.waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'schedule-week-practice.png') });
    await firstSession.click();
    await page.getByRole('dialog', { name: 'Appointment' }).getByRole('link').first().click();
    await page.getByRole('table', { name: 'Appointments' }).waitFor();
  });

  it("shows the owner every staff member's sign-in state", async () => {
    await page.getByRole('link', { name: 'Staff access' }).click();
    const table = page.getByRole('table', { name: 'Staff access' });
    await table.getByText('biller@demo.mentalspace.local').waitFor();
    expect(await table.getByRole('row').count()).toBe(8); // header + seven demo staff
    await page.screenshot({ path: join(ARTIFACTS, 'staff-access.png') });
  });

  it('lets the owner set the note deadline and whether billing waits for a signed note', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Home' }).click();
    const form = page.getByRole('form', { name: 'Clinical settings' });
    await form.getByLabel('Notes are due within (hours after the session)').fill('48');
    await form.getByRole('button', { name: 'Save settings' }).click();
    await form.getByText('Saved.').waitFor();
    await page.reload();
    expect(await form.getByLabel('Notes are due within (hours after the session)').inputValue()).toBe('48');
  });

  it('shows the owner the audit log, filters it to chart reads, and exports it', async () => {
    await page.getByRole('link', { name: 'Audit log' }).click();
    const table = page.getByRole('table', { name: 'Audit events' });
    await table.getByText('auth.sign_in').first().waitFor();
    await page.getByLabel('Action').fill('client.read');
    await page.getByRole('button', { name: 'Apply' }).click();
    await table.getByText('auth.sign_in').first().waitFor({ state: 'detached' });
    const actions = await table.locator('code').allTextContents();
    expect(actions.length).toBeGreaterThan(0);
    expect(new Set(actions)).toEqual(new Set(['client.read']));
    await page.screenshot({ path: join(ARTIFACTS, 'audit-log.png'), fullPage: true });
    const href = await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href');
    expect(href).toContain('action=client.read');
    const csv = await page.evaluate(async (url) => {
      const res = await fetch(url!);
      return { status: res.status, head: (await res.text()).split('\r\n')[0] };
    }, href);
    expect(csv).toEqual({
      status: 200,
      head: 'occurred_at,actor,actor_role,action,outcome,resource_type,resource_id,client_id,ip,request_id,reason,details',
    });
  });

  it('shows a friendly not-found state for an unknown client id', async () => {
    await page.goto(`${server.baseUrl}/clients/01a203ea-0000-7000-8000-000000000000`);
    await page.getByRole('heading', { name: 'Client not found' }).waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'client-not-found.png') });
  });

  it('narrows what a clinician sees to their own caseload, in their own session', async () => {
    const other = await openBrowser();
    try {
      const clinician = await other.context.newPage();
      await firstStaffSignIn(
        clinician,
        server.baseUrl,
        'clinician2@demo.mentalspace.local',
        server.demoPassword!,
      );
      await clinician.getByRole('link', { name: 'Jordan Nguyen' }).waitFor();
      const names = await clinician
        .getByRole('table', { name: 'Clients' })
        .getByRole('link')
        .allTextContents();
      expect(names.length).toBeGreaterThan(0);
      expect(names).not.toContain('Avery Bennett');

      // Avery is not on Morgan's caseload: not found, unless Morgan breaks the glass with a reason.
      await clinician.goto(averyChart);
      await clinician.getByRole('heading', { name: 'Client not found' }).waitFor();
      await clinician.getByRole('button', { name: 'Emergency access…' }).click();
      await clinician
        .getByLabel('Why do you need this chart now?')
        .fill('Avery called in crisis; Dr. Rivera is away');
      await clinician.getByRole('button', { name: 'Open the chart for one hour' }).click();
      await clinician.getByRole('heading', { name: 'Avery Bennett' }).waitFor();
      await clinician.getByRole('status').filter({ hasText: 'Emergency access' }).waitFor();
      await clinician.screenshot({ path: join(ARTIFACTS, 'emergency-access.png') });
    } finally {
      await other.close();
    }
    expect(pageErrors).toEqual([]);
  });

  it('alerts the owner to the emergency access, who acknowledges and resolves it', async () => {
    await page.getByRole('link', { name: 'Security alerts', exact: true }).click();
    const table = page.getByRole('table', { name: 'Security alerts' });
    await table.getByText('opened by emergency access').waitFor();
    await table.getByText('Morgan Lee').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'security-alerts.png') });
    // Other alerts may arrive live meanwhile (the breach job runs; e2e often runs after hours).
    const row = table.getByRole('row').filter({ hasText: 'opened by emergency access' });
    await row.getByRole('button', { name: 'Acknowledge' }).click();
    await row.getByText('acknowledged').waitFor();
    await row.getByRole('button', { name: 'Resolve' }).click();
    await row.waitFor({ state: 'detached' });
  });

  it('lets the owner lower a breach-detection threshold, refusing one out of range', async () => {
    await page.getByRole('tab', { name: 'Detection thresholds' }).click();
    const exports = page.getByRole('textbox', { name: 'Rows in one export' });
    await exports.fill('5');
    await page.getByRole('button', { name: 'Save thresholds' }).click();
    await page
      .getByRole('alert')
      .getByText(/body\.exportRows/)
      .waitFor();
    await exports.fill('500');
    await page.getByRole('button', { name: 'Save thresholds' }).click();
    await page.getByRole('status').getByText('Saved.').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'detection-thresholds.png'), fullPage: true });
    await page.reload();
    await page.getByRole('tab', { name: 'Detection thresholds' }).click();
    expect(await page.getByRole('textbox', { name: 'Rows in one export' }).inputValue()).toBe('500 rows');
  });
});
