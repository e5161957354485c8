import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, openBrowser } from './support/browser';
import { startServer, type RunningServer } from './support/server';
import { firstStaffSignIn } from './support/sign-in';

let server: RunningServer;
let browser: Awaited<ReturnType<typeof openBrowser>>;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  server = await startServer();
  browser = await openBrowser();
  page = await browser.context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const signInAs = async (who: string) => {
  if (!page.url().includes('/sign-in') && page.url().startsWith('http')) {
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.waitForURL(/\/sign-in/);
  }
  await firstStaffSignIn(page, server.baseUrl, `${who}@demo.mentalspace.local`, server.demoPassword!);
};

/** Opens the first client on the signed-in clinician's caseload, on the given chart tab. */
async function openFirstClient(tab: 'Notes' | 'Measures' | 'Diagnoses' | 'Treatment plan') {
  const first = page.getByRole('table', { name: 'Clients' }).getByRole('link').first();
  await first.waitFor();
  const name = (await first.textContent()) ?? '';
  await first.click();
  await page.getByRole('heading', { name }).waitFor();
  await page.getByRole('tab', { name: tab }).click();
  return name;
}

describe('clinical documentation in Chromium', () => {
  it('a clinician writes a progress note (autosaved), signs it, and addends it', async () => {
    await signInAs('clinician');
    await openFirstClient('Notes');
    await page.getByRole('table', { name: 'Notes' }).waitFor();
    await page.getByRole('button', { name: 'Start note' }).click();
    await page.getByRole('heading', { name: 'Progress note — SOAP' }).waitFor();

    await page.getByLabel('Subjective').fill('Reports two panic episodes this week, down from five.');
    await page.getByLabel('Objective').fill('Calm, good eye contact.');
    await page.getByRole('button', { name: 'Insert latest measures' }).click();
    await expect.poll(() => page.getByLabel('Objective').inputValue()).toMatch(/Measures: .*PHQ-9 \d+ \(/);
    await page.getByLabel('Assessment').fill('Progress toward goal 1.');
    await page.getByLabel('Plan', { exact: true }).fill('Continue interoceptive exposure; next week.');
    await page.getByRole('combobox', { name: 'Suicidal ideation' }).click();
    await page.getByRole('option', { name: 'Denied' }).click();
    await page.getByRole('combobox', { name: 'Homicidal ideation' }).click();
    await page.getByRole('option', { name: 'Denied' }).click();
    await page.getByRole('combobox', { name: 'Overall risk' }).click();
    await page.getByRole('option', { name: 'Low' }).click();
    await page
      .getByTestId('save-status')
      .filter({ hasText: /Saved at/ })
      .waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'note-editor.png'), fullPage: true });

    // Reloading shows what was autosaved: nothing typed is lost.
    await page.reload();
    expect(await page.getByLabel('Subjective').inputValue()).toContain('two panic episodes');

    await page.getByRole('button', { name: 'Sign note' }).click();
    await page
      .getByRole('dialog', { name: 'Sign this note?' })
      .getByRole('button', { name: 'Sign', exact: true })
      .click();
    await page.getByText('Signed', { exact: true }).first().waitFor();
    expect(await page.getByLabel('Subjective').getAttribute('readonly')).not.toBeNull();
    await page.getByText(/Signed by Alex Rivera/).waitFor();

    await page.getByLabel('New addendum').fill('Client called after the session to confirm homework.');
    await page.getByRole('button', { name: 'Add addendum' }).click();
    await page.getByText('Client called after the session to confirm homework.').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'note-signed.png'), fullPage: true });
  });

  it('a clinician signs a treatment plan, and a progress note records progress on its objective', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Clients' }).click();
    await openFirstClient('Treatment plan');
    await page.getByRole('button', { name: 'Start a treatment plan' }).click();
    await page.getByRole('heading', { name: 'Treatment plan', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Add problem' }).click();
    await page.getByLabel('Problem 1 statement').fill('Panic attacks limit work and driving.');
    await page.getByLabel('Goal 1.1', { exact: true }).fill('Fewer and milder panic attacks.');
    await page.getByLabel('Objective 1.1.1', { exact: true }).fill('Panic attacks at most once a week.');
    await page.getByLabel('Objective 1.1.1 measured by').fill('Self-report log');
    await page.getByLabel('Objective 1.1.1 target date').fill('2027-03-01');
    await page.getByRole('button', { name: 'Sign plan' }).click();
    await page
      .getByRole('dialog', { name: 'Sign this treatment plan?' })
      .getByRole('button', { name: 'Sign', exact: true })
      .click();
    await page.getByText('Active', { exact: true }).waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'treatment-plan.png'), fullPage: true });

    await page.getByRole('link', { name: 'Chart' }).click();
    await page.getByRole('tab', { name: 'Notes' }).click();
    await page.getByRole('button', { name: 'Start note' }).click();
    await page.getByRole('heading', { name: 'Progress note — SOAP' }).waitFor();
    await page.getByRole('combobox', { name: /Objective 1\.1\.1: Panic attacks/ }).click();
    await page.getByRole('option', { name: 'Some progress' }).click();
    await page
      .getByLabel(/Objective 1\.1\.1: Panic attacks.* comment/)
      .fill('Two attacks this week, down from five.');
    await page
      .getByTestId('save-status')
      .filter({ hasText: /Saved at/ })
      .waitFor();
    await page.reload();
    expect(await page.getByLabel(/Objective 1\.1\.1: Panic attacks.* comment/).inputValue()).toContain(
      'down from five',
    );
  });

  it('a PHQ-9 with item 9 above 0 raises the risk flag at the top of the chart', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Clients' }).click();
    await openFirstClient('Measures');
    await page.getByTestId('trend-phq9').waitFor();
    await page.getByRole('button', { name: 'Administer in office' }).click();
    const dialog = page.getByRole('dialog', { name: 'Administer a measure' });
    const groups = dialog.getByRole('radiogroup');
    for (let item = 0; item < 8; item++) await groups.nth(item).getByLabel('Several days').check();
    await groups.nth(8).getByLabel('More than half the days').check();
    await dialog.getByText('Score 10 · Moderate').waitFor();
    await dialog.getByRole('button', { name: 'Submit PHQ-9' }).click();
    await dialog.waitFor({ state: 'detached' });
    const flags = page.getByTestId('risk-flags');
    await flags.getByText(/PHQ-9 item 9/).waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'risk-flag.png'), fullPage: true });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Home' }).click();
    // The stored message names no client; the inbox adds the name, as a link to the chart, for a
    // reader who reaches the client.
    const notice = page.getByText(/A PHQ-9 answer raised a high risk flag/).first();
    await notice.waitFor();
    await notice.getByRole('link').first().waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'risk-inbox.png'), fullPage: true });
  });

  it('a supervisee’s note awaits co-signature and the supervisor co-signs it from the home screen', async () => {
    await signInAs('clinician2');
    await openFirstClient('Notes');
    await page.getByRole('combobox', { name: 'Note type' }).click();
    await page.getByRole('option', { name: 'Contact note' }).click();
    await page.getByRole('button', { name: 'Start note' }).click();
    await page.getByRole('heading', { name: 'Contact note' }).waitFor();
    await page.getByLabel('Contact', { exact: true }).fill('Phone, 10 minutes, with the client.');
    await page.getByLabel('Summary').fill('Rescheduled to Thursday; no safety concerns raised.');
    await page
      .getByTestId('save-status')
      .filter({ hasText: /Saved at/ })
      .waitFor();
    await page.getByRole('button', { name: 'Sign note' }).click();
    await page
      .getByRole('dialog', { name: 'Sign this note?' })
      .getByRole('button', { name: 'Sign', exact: true })
      .click();
    await page.getByText('Awaiting co-signature').first().waitFor();

    await signInAs('supervisor');
    // Where they land, a reminder of the work waiting leads to the home screen.
    const waiting = page.getByTestId('work-waiting');
    await waiting.getByText(/2 to co-sign/).waitFor();
    await waiting.getByRole('link', { name: 'open your home screen' }).click();
    const queue = page.getByRole('table', { name: 'Awaiting your co-signature' });
    await queue.getByRole('link', { name: 'Contact note' }).first().waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'home-notes-due.png'), fullPage: true });
    await queue.getByRole('link', { name: 'Contact note' }).first().click();
    await page.getByRole('button', { name: 'Co-sign' }).click();
    await page.getByText(/co-signed by Casey Morgan/).waitFor();
    await page.getByText(/Co-signed by Casey Morgan/).waitFor();
  });

  it('raised no errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
