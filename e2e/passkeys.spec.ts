import { join } from 'node:path';
import { Secret, TOTP } from 'otpauth';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, openBrowser } from './support/browser';
import { startServer, type RunningServer } from './support/server';

let server: RunningServer;
let browser: Awaited<ReturnType<typeof openBrowser>>;
let page: Page;
let base = '';

beforeAll(async () => {
  server = await startServer();
  // WebAuthn needs a domain, not an IP address: the same server, reached as localhost.
  base = server.baseUrl.replace('127.0.0.1', 'localhost');
  browser = await openBrowser();
  page = await browser.context.newPage();
  const cdp = await browser.context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function passwordStep() {
  await page.goto(`${base}/sign-in`);
  await page.getByLabel('E-mail').fill('clinician2@demo.mentalspace.local');
  await page.locator('input[autocomplete="current-password"]').fill(server.demoPassword!);
  await page.getByRole('button', { name: 'Continue' }).click();
}

describe('passkeys in Chromium (virtual authenticator)', () => {
  it('adds a passkey from the account page and signs in with it instead of a code', async () => {
    await passwordStep();
    const secretText = page.getByTestId('totp-secret');
    await secretText.waitFor();
    const secret = (await secretText.textContent()) ?? '';
    const code = new TOTP({
      secret: Secret.fromBase32(secret),
      digits: 6,
      period: 30,
      algorithm: 'SHA1',
    }).generate();
    await page.getByLabel('Authentication code').fill(code);
    await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
    await page.getByLabel('I have saved my backup codes').check();
    await page.getByRole('button', { name: 'Continue to MentalSpace' }).click();
    await page.getByRole('heading', { name: 'Clients' }).waitFor();

    await page.getByRole('link', { name: 'Account' }).click();
    await page.getByLabel('Passkey name').fill('Office laptop');
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    await page.getByRole('table', { name: 'Passkeys' }).getByText('Office laptop').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'passkeys.png'), fullPage: true });

    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.waitForURL(/\/sign-in/);
    await passwordStep();
    await page.getByRole('button', { name: 'Use a passkey' }).click();
    await page.getByRole('heading', { name: 'Clients' }).waitFor();
    expect(page.url()).toContain('/clients');
  });
});
