import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, openBrowser } from './support/browser';
import { startServer, type RunningServer } from './support/server';
import { firstStaffSignIn } from './support/sign-in';

let server: RunningServer;
let ownerBrowser: Awaited<ReturnType<typeof openBrowser>>;
let newcomerBrowser: Awaited<ReturnType<typeof openBrowser>>;
let owner: Page;
let newcomer: Page;
let inviteLink = '';
const NEW_PASSWORD = 'Copper-Kettle-Meadow-83!';
const EMAIL = 'sam.ortiz@demo.mentalspace.local';

beforeAll(async () => {
  server = await startServer();
  ownerBrowser = await openBrowser();
  newcomerBrowser = await openBrowser();
  owner = await ownerBrowser.context.newPage();
  newcomer = await newcomerBrowser.context.newPage();
});

afterAll(async () => {
  await ownerBrowser?.close();
  await newcomerBrowser?.close();
  await server?.stop();
});

describe('bringing a new clinician into the practice', () => {
  it('lets the owner invite a clinician with a role and hand over a single-use link', async () => {
    await firstStaffSignIn(owner, server.baseUrl, 'owner@demo.mentalspace.local', server.demoPassword!);
    await owner.getByRole('link', { name: 'Staff access' }).click();
    await owner.getByRole('button', { name: 'Invite staff member' }).click();
    await owner.getByLabel('First name').fill('Sam');
    await owner.getByLabel('Last name').fill('Ortiz');
    await owner.getByLabel('Work e-mail').fill(EMAIL);
    await owner.getByLabel('Credentials').fill('LMFT');
    await owner.screenshot({ path: join(ARTIFACTS, 'staff-invite.png') });
    await owner.getByRole('button', { name: 'Create invitation link' }).click();
    inviteLink = await owner.getByLabel('Invitation link').inputValue();
    expect(inviteLink).toContain('/staff/accept#token=');
    await owner.keyboard.press('Escape');
    await owner.getByRole('table', { name: 'Open invitations' }).getByText('Sam Ortiz').waitFor();
    await owner.getByRole('table', { name: 'Staff access' }).getByText('Invited').waitFor();
    await owner.screenshot({ path: join(ARTIFACTS, 'staff-invitations.png'), fullPage: true });
  });

  it('lets the newcomer set a password, sign in with a second factor, and see an empty caseload', async () => {
    await newcomer.goto(inviteLink);
    await newcomer.getByLabel('New password').fill(NEW_PASSWORD);
    await newcomer.getByLabel('Repeat the password').fill(NEW_PASSWORD);
    await newcomer.getByRole('button', { name: 'Set my password' }).click();
    await newcomer.getByRole('status').getByText('Your password is set').waitFor();
    expect(await newcomer.getByLabel('E-mail').inputValue()).toBe(EMAIL);
    await firstStaffSignIn(newcomer, server.baseUrl, EMAIL, NEW_PASSWORD);
    await newcomer.getByLabel('Signed in as').getByText('Sam Ortiz').waitFor();
    await newcomer.getByText('No clients').first().waitFor();
  });

  it("puts a client on the newcomer's caseload from the chart's care team", async () => {
    await owner.getByRole('link', { name: 'Clients' }).click();
    await owner.getByLabel('Search clients').fill('Bennett');
    await owner.getByRole('link', { name: 'Avery Bennett' }).click();
    const team = owner.getByRole('table', { name: 'Care team' });
    await team.waitFor();
    await owner.getByRole('combobox', { name: 'Add a clinician' }).click();
    await owner.getByRole('option', { name: /Sam Ortiz/ }).click();
    await owner.getByRole('button', { name: 'Add to care team' }).click();
    await team.getByText('Sam Ortiz, LMFT').waitFor();
    await owner.screenshot({ path: join(ARTIFACTS, 'care-team.png'), fullPage: true });

    await newcomer.reload();
    await newcomer.getByRole('link', { name: 'Avery Bennett' }).waitFor();
  });

  it('puts the newcomer under a supervisor and shows the owner where they are signed in', async () => {
    await owner.getByRole('link', { name: 'Staff access' }).click();
    const form = owner.getByRole('form', { name: 'Start a supervision' });
    await form.getByRole('combobox', { name: 'Supervisor' }).click();
    await owner.getByRole('option', { name: 'Casey Morgan' }).click();
    await form.getByRole('combobox', { name: 'Supervises' }).click();
    await owner.getByRole('option', { name: 'Sam Ortiz' }).click();
    await form.getByRole('button', { name: 'Start supervision' }).click();
    await owner.getByRole('table', { name: 'Supervisions' }).getByText('Sam Ortiz').waitFor();
    // Sam accepted the invitation: fresh on this screen, no longer invited.
    await owner.getByRole('table', { name: 'Open invitations' }).waitFor({ state: 'detached' });

    await owner.getByRole('button', { name: 'Actions for Sam Ortiz' }).click();
    await owner.getByRole('menuitem', { name: 'View sessions…' }).click();
    const sessions = owner.getByRole('table', { name: 'Sessions of Sam Ortiz' });
    await sessions.waitFor();
    expect(await sessions.getByRole('row').count()).toBe(2); // header + the newcomer's one session
    await owner.screenshot({ path: join(ARTIFACTS, 'staff-sessions.png') });
    await owner.keyboard.press('Escape');
  });

  it("changes the newcomer's role, which ends their session at once", async () => {
    await owner.getByRole('link', { name: 'Staff access' }).click();
    await owner.getByRole('button', { name: 'Actions for Sam Ortiz' }).click();
    await owner.getByRole('menuitem', { name: 'Change role…' }).click();
    await owner.getByRole('dialog').getByRole('combobox', { name: 'Role' }).click();
    await owner.getByRole('option', { name: 'Supervisor' }).click();
    await owner.getByRole('button', { name: 'Change role' }).click();
    await owner.getByRole('status').getByText('Sam Ortiz is now supervisor').waitFor();

    await newcomer.reload();
    await newcomer.waitForURL(/\/sign-in/);
    expect(newcomer.url()).toContain('reason=expired');
  });

  it('shows the platform administrator every practice, and tells them they are audited first', async () => {
    const operatorBrowser = await openBrowser();
    try {
      const operator = await operatorBrowser.context.newPage();
      await firstStaffSignIn(
        operator,
        server.baseUrl,
        'platform@demo.mentalspace.local',
        server.demoPassword!,
      );
      await operator.getByRole('link', { name: 'Platform' }).click();
      const table = operator.getByRole('table', { name: 'Practices' });
      await table.getByText('Willow Creek Counseling (demo)').waitFor();
      await operator.getByText('written to the audit log before it runs').waitFor();
      await operator.screenshot({ path: join(ARTIFACTS, 'platform.png') });
    } finally {
      await operatorBrowser.close();
    }
  });
});
