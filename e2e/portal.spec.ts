import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, openBrowser } from './support/browser';
import { startServer, type RunningServer } from './support/server';
import { firstStaffSignIn, totpCode } from './support/sign-in';

let server: RunningServer;
let staff: Awaited<ReturnType<typeof openBrowser>>;
let portal: Awaited<ReturnType<typeof openBrowser>>;

beforeAll(async () => {
  server = await startServer();
  staff = await openBrowser();
  portal = await openBrowser();
});

afterAll(async () => {
  await staff?.close();
  await portal?.close();
  await server?.stop();
});

describe('the client portal', () => {
  it('lets a client accept an invitation, see only their own appointments, and nothing else by editing ids', async () => {
    const desk = await staff.context.newPage();
    await firstStaffSignIn(desk, server.baseUrl, 'frontdesk@demo.mentalspace.local', server.demoPassword!);
    await desk.getByLabel('Search clients').fill('Bennett');
    await desk.getByRole('link', { name: 'Avery Bennett' }).click();
    await desk.getByRole('button', { name: 'Invite to portal' }).click();
    await desk.getByRole('button', { name: 'Create invitation link' }).click();
    const link = await desk.getByLabel('Invitation link').inputValue();
    expect(link).toContain('/portal/accept#token=');
    const other = await desk.evaluate<string>(async () => {
      const res = await fetch('/api/v1/clients?q=Nguyen');
      return ((await res.json()) as { items: { id: string }[] }).items[0]!.id;
    });

    const page = await portal.context.newPage();
    await page.goto(link);
    await page.getByLabel('New password').fill('Maple-Harbor-Lights-58!');
    await page.getByLabel('Repeat the password').fill('Maple-Harbor-Lights-58!');
    await page.getByRole('button', { name: 'Create my account' }).click();
    await page.getByRole('heading', { name: 'Hello, Avery' }).waitFor();
    const rows = page.getByRole('table', { name: 'Your appointments' }).getByRole('row');
    await rows.first().waitFor();
    expect(await rows.count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(ARTIFACTS, 'portal-home.png') });

    // Online booking (the demo practice takes requests): an open time next week is requested.
    await page.getByText('Book an appointment').waitFor();
    await page.getByRole('button', { name: 'Later ›' }).click();
    const times = page.getByLabel('Open times').getByRole('button');
    await times.first().waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'portal-booking.png'), fullPage: true });
    const before = await rows.count();
    await times.first().click();
    await page.getByText('The practice will confirm it.').waitFor();
    await expect.poll(() => rows.count()).toBe(before + 1);
    await page.getByRole('table', { name: 'Your appointments' }).getByText('Requested').first().waitFor();

    // A questionnaire from home: answered item by item, the care team sees it on the chart.
    await page.getByRole('button', { name: 'Fill in the GAD-7' }).click();
    const form = page.getByRole('dialog', { name: 'Questionnaire' });
    const items = form.getByRole('radiogroup');
    for (let item = 0; item < 7; item++) await items.nth(item).getByLabel('Several days').check();
    await form.getByRole('button', { name: 'Submit GAD-7' }).click();
    await page.getByText('Your answers are with your care team.').waitFor();
    // Newest first: the one just sent heads the list.
    await page
      .getByRole('table', { name: 'Your questionnaires' })
      .getByRole('row')
      .first()
      .getByText('Generalized Anxiety Disorder-7')
      .waitFor();
    await form.waitFor({ state: 'detached' });

    // A consent form, read and signed with a typed name.
    await page.getByRole('button', { name: 'Read and sign' }).first().click();
    const consent = page.getByRole('dialog', { name: 'Informed consent for treatment' });
    await consent.getByText('I consent to outpatient mental health services').waitFor();
    await consent.getByLabel('Full name (signature)').fill('Avery Bennett');
    await consent.getByRole('button', { name: 'Sign', exact: true }).click();
    await consent.waitFor({ state: 'detached' });
    await page
      .getByText(/^Signed /)
      .first()
      .waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'portal-questionnaire.png'), fullPage: true });

    const statuses = await page.evaluate(async (otherId) => {
      const get = async (url: string) => (await fetch(url)).status;
      return [
        await get(`/api/v1/clients/${otherId}`),
        await get(`/api/v1/clients/${otherId}/appointments`),
        await get('/api/v1/clients'),
        await get(`/api/v1/clients/${otherId}/notes`),
        await get(`/api/v1/clients/${otherId}/measures`),
      ];
    }, other);
    expect(statuses).toEqual([403, 403, 403, 403, 403]);

    // The link works once.
    const again = await portal.context.newPage();
    await again.goto(link);
    await again.getByLabel('New password').fill('Another-Harbor-Light-77!');
    await again.getByLabel('Repeat the password').fill('Another-Harbor-Light-77!');
    await again.getByRole('button', { name: 'Create my account' }).click();
    await again.getByRole('alert').getByText('expired or already used', { exact: false }).waitFor();
  });

  it('offers two-step sign-in, and asks for the code at the next sign-in once it is on', async () => {
    const page = await portal.context.newPage();
    await page.goto(`${server.baseUrl}/portal`);
    const security = page.getByRole('region', { name: 'Sign-in security' });
    await security.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
    await security.getByLabel('Your password').fill('Maple-Harbor-Lights-58!');
    await security.getByRole('button', { name: 'Continue' }).click();
    const secret = (await page.getByTestId('portal-totp-secret').textContent()) ?? '';
    await security.getByLabel('Authentication code').fill(totpCode(secret));
    await security.getByRole('button', { name: 'Turn on' }).click();
    await security.getByText('On', { exact: true }).waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'portal-two-step.png'), fullPage: true });

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/portal\/sign-in/);
    await page.getByLabel('E-mail').fill('avery.bennett@example.com');
    await page.locator('input[autocomplete="current-password"]').fill('Maple-Harbor-Lights-58!');
    await page.getByRole('button', { name: 'Sign in' }).click();
    // The enrolment spent this 30-second step's code; the next step's is accepted (±1 step).
    await page.getByLabel('Authentication code').fill(totpCode(secret, Date.now() + 30_000));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Hello, Avery' }).waitFor();
  });
});
