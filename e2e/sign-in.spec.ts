import { join } from 'node:path';
import { Secret, TOTP } from 'otpauth';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, openBrowser } from './support/browser';
import { startServer, type RunningServer } from './support/server';

let server: RunningServer;
let browser: Awaited<ReturnType<typeof openBrowser>>;
let page: Page;
let secret = '';

const code = (at = Date.now()) =>
  new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate({
    timestamp: at,
  });

beforeAll(async () => {
  // The deployment caps idle sessions at 60 s here, so the idle logoff can be watched in one test.
  server = await startServer({ IDLE_TIMEOUT_CAP_SECONDS: '60' });
  browser = await openBrowser();
  page = await browser.context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function signInWithPassword() {
  await page.goto(`${server.baseUrl}/sign-in`);
  await page.getByLabel('E-mail').fill('clinician@demo.mentalspace.local');
  await page.locator('input[autocomplete="current-password"]').fill(server.demoPassword!);
  await page.getByRole('button', { name: 'Continue' }).click();
}

describe('staff sign-in with a second factor', () => {
  it('refuses a wrong password without saying whether the account exists', async () => {
    await page.goto(`${server.baseUrl}/sign-in`);
    await page.getByLabel('E-mail').fill('clinician@demo.mentalspace.local');
    await page.locator('input[autocomplete="current-password"]').fill('not-the-password');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('alert').getByText('The e-mail or password is not right').waitFor();
  });

  it('enrols an authenticator at first sign-in, shows backup codes once, then shows only the caseload', async () => {
    expect(server.demoPassword).toBeTruthy();
    await signInWithPassword();
    const secretText = page.getByTestId('totp-secret');
    await secretText.waitFor();
    secret = (await secretText.textContent()) ?? '';
    await page.screenshot({ path: join(ARTIFACTS, 'totp-enrolment.png') });
    await page.getByLabel('Authentication code').fill(code());
    await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
    await page.getByRole('list', { name: 'Backup codes' }).waitFor();
    expect(await page.getByRole('listitem').count()).toBe(10);
    await page.getByLabel('I have saved my backup codes').check();
    await page.getByRole('button', { name: 'Continue to MentalSpace' }).click();

    await page.getByRole('heading', { name: 'Clients' }).waitFor();
    await page.getByLabel('Signed in as').getByText('Alex Rivera').waitFor();
    const names = await page.getByRole('table', { name: 'Clients' }).getByRole('link').allTextContents();
    // The demo assigns every third client to each of its three clinicians.
    expect(names.length).toBeGreaterThan(0);
    expect(names.length).toBeLessThan(12);
    await page.screenshot({ path: join(ARTIFACTS, 'signed-in-caseload.png') });
  });

  it('warns before the idle timeout, then signs out by itself', async () => {
    await page.getByRole('dialog', { name: 'Are you still there?' }).waitFor({ timeout: 45_000 });
    await page.screenshot({ path: join(ARTIFACTS, 'idle-warning.png') });
    await page.waitForURL(/\/sign-in/, { timeout: 90_000 });
    expect(page.url()).toContain('reason=idle');
  });

  it('signs in again with the password and a fresh authenticator code', async () => {
    await signInWithPassword();
    await page.getByLabel('Authentication code').waitFor();
    // The enrolment code's 30-second step is spent; use the next one.
    await page.getByLabel('Authentication code').fill(code(Date.now() + 30_000));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Clients' }).waitFor();
  });
});

describe('the account page', () => {
  it('shows the strength meter live and changes the password', async () => {
    await page.getByRole('link', { name: 'Account' }).click();
    await page.getByRole('heading', { name: 'Change password' }).waitFor();
    await page.locator('input[autocomplete="current-password"]').fill(server.demoPassword!);
    const fresh = page.locator('input[autocomplete="new-password"]');
    await fresh.first().fill('short');
    await page
      .getByRole('list', { name: 'Unmet password rules' })
      .getByText('Use at least 12 characters')
      .waitFor();
    await page.getByText('Strength: Weak').waitFor();
    await fresh.first().fill('Lantern-Orchid-47!');
    await fresh.nth(1).fill('Lantern-Orchid-47!');
    await page.screenshot({ path: join(ARTIFACTS, 'change-password.png') });
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('status').getByText('Password changed').waitFor();
    await page.getByRole('table', { name: 'Active sessions' }).getByText('This device').waitFor();
  });
});
