import { auditEvents, portalTotpFactors } from '@mentalspace/db';
import { eq } from 'drizzle-orm';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBrowser } from '../../test/browser';
import { buildTestApp, type TestApp } from '../../test/build-test-app';
import { createClient, createPractice, createStaff } from '../../test/factories';

const PASSWORD = 'Maple-Harbor-Lights-58!';
let t: TestApp;
let frontDesk: { id: string };
let biller: { id: string };
let client: { id: string };

const codeFor = (secret: string, at = Date.now()) =>
  new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate({
    timestamp: at,
  });

beforeAll(async () => {
  t = await buildTestApp();
  const practice = await createPractice(t.database);
  frontDesk = await createStaff(t.database, practice, 'front_desk');
  biller = await createStaff(t.database, practice, 'biller');
  client = await createClient(t.database, practice, {
    clinician: await createStaff(t.database, practice, 'clinician'),
  });
  const invited = await t.app.inject({
    method: 'POST',
    url: `/api/v1/clients/${client.id}/portal-invitation`,
    headers: t.as(frontDesk),
    payload: { email: 'totp.client@example.test' },
  });
  const token = (invited.json().invitePath as string).split('#token=')[1]!;
  expect(
    (await testBrowser(t.app).post('/api/v1/portal/invitations/accept', { token, password: PASSWORD }))
      .statusCode,
  ).toBe(200);
});
afterAll(async () => {
  await t.close();
});

async function signedIn() {
  const b = testBrowser(t.app);
  const res = await b.post('/api/v1/portal/sign-in', {
    email: 'totp.client@example.test',
    password: PASSWORD,
  });
  return { b, res };
}

describe('a portal client turning on an authenticator', () => {
  let secret = '';

  it('is offered, needs the password to start, and a code to confirm', async () => {
    const { b, res } = await signedIn();
    expect(res.json().status).toBe('signed_in');
    expect((await b.get('/api/v1/portal/security')).json()).toEqual({ totpEnabled: false });

    const wrong = await b.post('/api/v1/portal/security/totp/enroll', { password: 'not-it' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors[0].field).toBe('body.password');

    const started = await b.post('/api/v1/portal/security/totp/enroll', { password: PASSWORD });
    expect(started.statusCode).toBe(200);
    secret = started.json().secret;
    expect(started.json().otpauthUri).toContain('otpauth://totp/');
    // The secret is sealed at rest.
    const [row] = await t.database.unsafeOwner.select().from(portalTotpFactors);
    expect(row!.secretCiphertext).not.toContain(secret);

    expect((await b.post('/api/v1/portal/security/totp/confirm', { code: '000000' })).statusCode).toBe(401);
    const confirmed = await b.post('/api/v1/portal/security/totp/confirm', { code: codeFor(secret) });
    expect(confirmed.statusCode).toBe(204);
    expect((await b.get('/api/v1/portal/security')).json()).toEqual({ totpEnabled: true });
  });

  it('then asks for a code at sign-in, refuses a wrong one, signs in with a good one, and refuses its replay', async () => {
    const { b, res } = await signedIn();
    expect(res.json()).toEqual({ status: 'mfa_required', methods: ['totp'] });
    // No session yet: the portal answers 401.
    expect((await b.get('/api/v1/portal/me')).statusCode).toBe(401);
    const wrong = await b.post('/api/v1/portal/mfa/totp/verify', { code: '123456' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().code).toBe('mfa_failed');
    const code = codeFor(secret, Date.now() + 30_000);
    const ok = await b.post('/api/v1/portal/mfa/totp/verify', { code });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().status).toBe('signed_in');
    expect((await b.get('/api/v1/portal/me')).json().id).toBe(client.id);

    // The same code again, on a new sign-in, is a replay.
    const again = await signedIn();
    const replay = await again.b.post('/api/v1/portal/mfa/totp/verify', { code });
    expect(replay.statusCode).toBe(401);
    expect(replay.json().code).toBe('mfa_failed');
  });

  it('refuses the code step without the password step first', async () => {
    const res = await testBrowser(t.app).post('/api/v1/portal/mfa/totp/verify', { code: codeFor(secret) });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('unauthenticated');
  });

  it('can be reset by the practice (not by a biller), after which the password alone signs in', async () => {
    const reset = (as: { id: string }) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/clients/${client.id}/portal-mfa/reset`,
        headers: t.as(as),
      });
    expect((await reset(biller)).statusCode).toBe(403);
    expect((await reset(frontDesk)).statusCode).toBe(204);
    const { res } = await signedIn();
    expect(res.json().status).toBe('signed_in');
    const actions = (
      await t.database.unsafeOwner
        .select({ action: auditEvents.action })
        .from(auditEvents)
        .where(eq(auditEvents.clientId, client.id))
    ).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['portal.password_verified', 'portal.mfa_reset']));
  });

  it('can be turned off by the client with the password', async () => {
    const { b } = await signedIn();
    const started = await b.post('/api/v1/portal/security/totp/enroll', { password: PASSWORD });
    const s = started.json().secret as string;
    await b.post('/api/v1/portal/security/totp/confirm', { code: codeFor(s) });
    expect((await b.post('/api/v1/portal/security/totp/disable', { password: 'nope' })).statusCode).toBe(400);
    expect((await b.post('/api/v1/portal/security/totp/disable', { password: PASSWORD })).statusCode).toBe(
      204,
    );
    expect((await b.get('/api/v1/portal/security')).json()).toEqual({ totpEnabled: false });
  });
});
