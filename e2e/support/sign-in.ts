import { Secret, TOTP } from 'otpauth';
import type { Page } from 'playwright-core';

/** The current code of an authenticator enrolled with this base32 secret (as an app would show it). */
export function totpCode(secret: string, at = Date.now()): string {
  return new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate({
    timestamp: at,
  });
}

/**
 * A demo staff member's first sign-in, as a person does it: password, then enrolling an
 * authenticator (the code computed here from the secret the page shows), then acknowledging the
 * backup codes. Ends on the client list. Returns the enrolled secret for later sign-ins.
 */
export async function firstStaffSignIn(page: Page, baseUrl: string, email: string, password: string) {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel('E-mail').fill(email);
  await page.locator('input[autocomplete="current-password"]').fill(password);
  await page.getByRole('button', { name: 'Continue' }).click();
  const secretText = page.getByTestId('totp-secret');
  await secretText.waitFor();
  const secret = (await secretText.textContent()) ?? '';
  await page.getByLabel('Authentication code').fill(totpCode(secret));
  await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
  await page.getByLabel('I have saved my backup codes').check();
  await page.getByRole('button', { name: 'Continue to MentalSpace' }).click();
  await page.getByRole('heading', { name: 'Clients' }).waitFor();
  return secret;
}
