import { auditEvents, authSessions, practices, users } from '@mentalspace/db';
import { and, eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../security/password/hash';
import { Redis } from 'ioredis';
import pino from 'pino';
import { buildApp } from '../../app';
import { buildTestApp, testAuthDeps, testPhiCipher, type TestApp } from '../../test/build-test-app';
import { testBrowser } from '../../test/browser';
import { createClient, createPractice, createStaff } from '../../test/factories';

const PASSWORD = 'Correct-Horse-Battery-9';
let t: TestApp;
let practice: Awaited<ReturnType<typeof createPractice>>;

beforeAll(async () => {
  t = await buildTestApp({ testPrincipalHeader: false });
  practice = await createPractice(t.database);
  await t.database.unsafeOwner
    .update(practices)
    .set({ securitySettings: { mfaRequiredForStaff: false, lockoutThreshold: 3 } })
    .where(eq(practices.id, practice.id));
});
afterAll(async () => {
  await t.close();
});

const browser = () => testBrowser(t.app);

/** The user's own audit trail, oldest first: what happened, and how it ended. */
const actionsOf = async (user: { id: string }) =>
  (
    await t.database.unsafeOwner
      .select({ action: auditEvents.action, outcome: auditEvents.outcome })
      .from(auditEvents)
      .where(eq(auditEvents.actorUserId, user.id))
      .orderBy(auditEvents.id)
  ).map((e) => [e.action, e.outcome]);

async function staffWithPassword(role: Parameters<typeof createStaff>[2] = 'clinician') {
  return createStaff(t.database, practice, role, { passwordHash: await hashPassword(PASSWORD, 4) });
}

describe('password sign-in and cookie sessions', () => {
  it('signs in, sets HttpOnly SameSite cookies, serves protected routes, and signs out', async () => {
    const user = await staffWithPassword();
    const b = browser();
    const res = await b.post('/api/v1/auth/sign-in', { email: user.email.toUpperCase(), password: PASSWORD });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'signed_in', idleTimeoutSeconds: 900 });
    const access = res.cookies.find((c) => c.name === 'ms_access')!;
    expect(access).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(res.cookies.find((c) => c.name === 'ms_refresh')).toMatchObject({
      httpOnly: true,
      path: '/api/v1/auth',
    });
    expect((await b.get('/api/v1/session')).json().user.id).toBe(user.id);

    const out = await b.post('/api/v1/auth/sign-out');
    expect(out.statusCode).toBe(204);
    expect((await b.get('/api/v1/session')).statusCode).toBe(401);
    expect(await actionsOf(user)).toEqual([
      ['auth.sign_in', 'success'],
      ['auth.sign_out', 'success'],
    ]);
  });

  it('answers unknown accounts and wrong passwords alike, and audits both', async () => {
    const user = await staffWithPassword();
    const unknown = await browser().post('/api/v1/auth/sign-in', {
      email: 'nobody@example.test',
      password: PASSWORD,
    });
    const wrong = await browser().post('/api/v1/auth/sign-in', {
      email: user.email,
      password: 'nope-nope-nope',
    });
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    const strip = (r: LightMyRequestResponse) => ({ ...r.json(), requestId: undefined });
    expect(strip(unknown)).toEqual(strip(wrong));
    const events = await t.database.unsafeOwner
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'auth.sign_in'), eq(auditEvents.outcome, 'failure')));
    expect(events.length).toBeGreaterThanOrEqual(2);
  });

  it('locks the account after repeated failures, refusing even the right password, without saying so', async () => {
    const user = await staffWithPassword();
    for (let i = 0; i < 3; i += 1) {
      expect(
        (await browser().post('/api/v1/auth/sign-in', { email: user.email, password: 'wrong-wrong' }))
          .statusCode,
      ).toBe(401);
    }
    const right = await browser().post('/api/v1/auth/sign-in', { email: user.email, password: PASSWORD });
    expect(right.statusCode).toBe(401);
    expect(right.json().code).toBe('invalid_credentials');
    const [row] = await t.database.unsafeOwner.select().from(users).where(eq(users.id, user.id));
    expect(row!.lockedUntil!.getTime()).toBeGreaterThan(Date.now());
  });

  it('refuses sign-in without the CSRF token (login CSRF) and state changes with a forged one', async () => {
    const user = await staffWithPassword();
    const noToken = await browser().post(
      '/api/v1/auth/sign-in',
      { email: user.email, password: PASSWORD },
      { csrf: false },
    );
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json().code).toBe('csrf_failed');

    const b = browser();
    await b.post('/api/v1/auth/sign-in', { email: user.email, password: PASSWORD });
    b.jar.set('ms_csrf', 'forged.value');
    const forged = await b.post('/api/v1/auth/sign-out');
    expect(forged.statusCode).toBe(403);
  });

  it('rotates the refresh token, and a replayed one revokes the whole session', async () => {
    const user = await staffWithPassword();
    const b = browser();
    await b.post('/api/v1/auth/sign-in', { email: user.email, password: PASSWORD });
    const stolen = b.jar.get('ms_refresh')!;
    const first = await b.post('/api/v1/auth/refresh');
    expect(first.statusCode).toBe(200);
    expect(b.jar.get('ms_refresh')).not.toBe(stolen);

    const attacker = browser();
    attacker.jar.set('ms_refresh', stolen);
    const replay = await attacker.post('/api/v1/auth/refresh');
    expect(replay.statusCode).toBe(401);
    expect(replay.json().code).toBe('session_expired');
    // The victim's session is gone too: its next request and its next refresh both fail.
    expect((await b.get('/api/v1/session')).statusCode).toBe(401);
    expect((await b.post('/api/v1/auth/refresh')).statusCode).toBe(401);
    const [session] = await t.database.unsafeOwner
      .select()
      .from(authSessions)
      .where(eq(authSessions.userId, user.id));
    expect(session!.revokedReason).toBe('refresh_token_reuse');
  });

  it('signs out everywhere: every session of the user ends on its next request', async () => {
    const user = await staffWithPassword();
    const laptop = browser();
    const phone = browser();
    await laptop.post('/api/v1/auth/sign-in', { email: user.email, password: PASSWORD });
    await phone.post('/api/v1/auth/sign-in', { email: user.email, password: PASSWORD });
    expect((await laptop.get('/api/v1/auth/sessions')).json().items).toHaveLength(2);
    expect((await laptop.post('/api/v1/auth/sign-out-everywhere')).statusCode).toBe(204);
    expect((await phone.get('/api/v1/session')).statusCode).toBe(401);
    expect((await phone.get('/api/v1/session')).json().code).toBe('session_expired');
  });

  it('refuses tampered, foreign-key and alg:none tokens with 401, never 500', async () => {
    const user = await staffWithPassword();
    const b = browser();
    await b.post('/api/v1/auth/sign-in', { email: user.email, password: PASSWORD });
    const token = b.jar.get('ms_access')!;
    const [header, payload] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const escalated = Buffer.from(JSON.stringify({ ...claims, role: 'owner' })).toString('base64url');
    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    for (const forged of [
      `${header}.${escalated}.${token.split('.')[2]}`,
      `${none}.${payload}.`,
      'garbage',
      'a.b.c',
    ]) {
      const res = await t.app.inject({ url: '/api/v1/session', headers: { cookie: `ms_access=${forged}` } });
      expect(res.statusCode, forged).toBe(401);
    }
  });

  it('validates sign-in input with 400 naming the field', async () => {
    const res = await browser().post('/api/v1/auth/sign-in', { email: 'a@b.c', password: 'x', admin: true });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([expect.objectContaining({ field: 'body.admin' })]);
  });
});

describe('bearer-token API clients', () => {
  it('authenticate with the access token in the Authorization header and need no CSRF token', async () => {
    const user = await staffWithPassword();
    const b = browser();
    await b.post('/api/v1/auth/sign-in', { email: user.email, password: PASSWORD });
    const token = b.jar.get('ms_access')!;
    const bearer = { authorization: `Bearer ${token}` };
    const me = await t.app.inject({ url: '/api/v1/session', headers: bearer });
    expect(me.statusCode).toBe(200);
    expect(me.json().user.id).toBe(user.id);
    // A browser's cookie session must echo the CSRF token; a bearer client sends no cookie at all.
    const withCookie = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-out-everywhere',
      headers: { cookie: `ms_access=${token}` },
    });
    expect(withCookie.statusCode).toBe(403);
    expect(withCookie.json().code).toBe('csrf_failed');
    const viaBearer = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-out-everywhere',
      headers: bearer,
    });
    expect(viaBearer.statusCode).toBe(204);
    // Signed out everywhere: the same token no longer works.
    expect((await t.app.inject({ url: '/api/v1/session', headers: bearer })).statusCode).toBe(401);
    for (const authorization of ['Bearer not.a.token', 'Basic dXNlcjpwYXNz', `Bearer ${token}x`]) {
      const res = await t.app.inject({ url: '/api/v1/session', headers: { authorization } });
      expect(res.statusCode, authorization).toBe(401);
    }
  });
});

describe('TOTP second factor and backup codes', () => {
  let mfaPractice: Awaited<ReturnType<typeof createPractice>>;
  beforeAll(async () => {
    mfaPractice = await createPractice(t.database);
  });

  const codeFor = (secret: string, at = Date.now()) =>
    new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate({
      timestamp: at,
    });

  it('requires enrolment when the practice requires MFA, then signs in with the app code, once per code', async () => {
    const user = await createStaff(t.database, mfaPractice, 'clinician', {
      passwordHash: await hashPassword(PASSWORD, 4),
    });
    await createClient(t.database, mfaPractice, { clinician: user });
    const b = browser();
    const first = await b.post('/api/v1/auth/sign-in', { email: user.email, password: PASSWORD });
    expect(first.json()).toEqual({ status: 'mfa_enrollment_required', methods: [] });
    expect(b.jar.has('ms_access')).toBe(false);
    expect((await b.get('/api/v1/clients')).statusCode).toBe(401);

    const enrol = await b.post('/api/v1/auth/mfa/totp/enroll');
    expect(enrol.statusCode).toBe(200);
    const { secret, otpauthUri } = enrol.json();
    expect(otpauthUri).toContain('otpauth://totp/');
    const wrong = await b.post('/api/v1/auth/mfa/totp/confirm', { code: '000000' });
    expect(wrong.statusCode).toBe(401);
    const confirmed = await b.post('/api/v1/auth/mfa/totp/confirm', { code: codeFor(secret) });
    expect(confirmed.statusCode).toBe(200);
    const { backupCodes } = confirmed.json();
    expect(backupCodes).toHaveLength(10);
    expect(new Set(backupCodes).size).toBe(10);
    expect((await b.get('/api/v1/clients')).statusCode).toBe(200);

    // Next sign-in: password, then a fresh code; the same code cannot be used twice.
    const again = browser();
    expect(
      (await again.post('/api/v1/auth/sign-in', { email: user.email, password: PASSWORD })).json(),
    ).toEqual({
      status: 'mfa_required',
      methods: ['totp'],
    });
    const next = codeFor(secret, Date.now() + 30_000);
    expect((await again.post('/api/v1/auth/mfa/totp/verify', { code: next })).statusCode).toBe(200);
    const replay = browser();
    await replay.post('/api/v1/auth/sign-in', { email: user.email, password: PASSWORD });
    const replayed = await replay.post('/api/v1/auth/mfa/totp/verify', { code: next });
    expect(replayed.statusCode).toBe(401);
    expect(replayed.json().code).toBe('mfa_failed');

    // A backup code works once.
    const withBackup = browser();
    await withBackup.post('/api/v1/auth/sign-in', { email: user.email, password: PASSWORD });
    expect(
      (await withBackup.post('/api/v1/auth/mfa/backup-code/verify', { code: backupCodes[0] })).statusCode,
    ).toBe(200);
    const reused = browser();
    await reused.post('/api/v1/auth/sign-in', { email: user.email, password: PASSWORD });
    expect(
      (await reused.post('/api/v1/auth/mfa/backup-code/verify', { code: backupCodes[0] })).statusCode,
    ).toBe(401);

    // Every step of the second factor is on the record, failures included.
    const mfa = (await actionsOf(user)).filter(([action]) => action!.startsWith('mfa.'));
    expect(mfa).toEqual(
      expect.arrayContaining([
        ['mfa.totp_enrollment_started', 'success'],
        ['mfa.totp_enrolled', 'failure'],
        ['mfa.totp_enrolled', 'success'],
        ['mfa.totp_verified', 'success'],
        ['mfa.totp_verified', 'denied'],
        ['mfa.backup_code_used', 'success'],
        ['mfa.backup_code_used', 'failure'],
      ]),
    );
  });

  it('never lets a password alone replace an enrolled factor; re-authentication checks the password', async () => {
    const user = await createStaff(t.database, mfaPractice, 'clinician', {
      passwordHash: await hashPassword(PASSWORD, 4),
    });
    const b = browser();
    await b.post('/api/v1/auth/sign-in', { email: user.email, password: PASSWORD });
    const { secret } = (await b.post('/api/v1/auth/mfa/totp/enroll')).json();
    await b.post('/api/v1/auth/mfa/totp/confirm', { code: codeFor(secret) });

    const attacker = browser();
    await attacker.post('/api/v1/auth/sign-in', { email: user.email, password: PASSWORD });
    expect((await attacker.post('/api/v1/auth/mfa/totp/enroll')).statusCode).toBe(403);
    expect((await attacker.get('/api/v1/session')).statusCode).toBe(401);

    const wrong = await b.post('/api/v1/auth/reauthenticate', { password: 'not-it' });
    expect(wrong.statusCode).toBe(401);
    expect((await b.post('/api/v1/auth/reauthenticate', { password: PASSWORD })).statusCode).toBe(204);
    expect((await b.post('/api/v1/auth/mfa/totp/enroll')).statusCode).toBe(200);
  });
});

describe('limits and timeouts', () => {
  it('answers 429 as problem+json once an address exceeds the sign-in rate', async () => {
    const limited = await buildTestApp({
      testPrincipalHeader: false,
      sharedRedis: false,
      authOptions: { rateLimits: { signIn: 2, mfa: 2, refresh: 2 } },
    });
    try {
      const csrf = (await limited.app.inject({ url: '/api/v1/auth/csrf' })).json().csrfToken as string;
      const attempt = () =>
        limited.app.inject({
          method: 'POST',
          url: '/api/v1/auth/sign-in',
          headers: { cookie: `ms_csrf=${csrf}`, 'x-csrf-token': csrf },
          payload: { email: 'someone@example.test', password: 'whatever-it-is' },
        });
      expect((await attempt()).statusCode).toBe(401);
      expect((await attempt()).statusCode).toBe(401);
      const third = await attempt();
      expect(third.statusCode).toBe(429);
      expect(third.headers['content-type']).toContain('application/problem+json');
      expect(third.json().code).toBe('rate_limited');
    } finally {
      await limited.close();
    }
  });

  it('ends a session after the idle timeout, and its refresh token with it', async () => {
    let clock = Date.now();
    const timed = await buildTestApp({
      testPrincipalHeader: false,
      sharedRedis: false,
      authOptions: { now: () => new Date(clock) },
    });
    try {
      const p = await createPractice(timed.database);
      await timed.database.unsafeOwner
        .update(practices)
        .set({ securitySettings: { mfaRequiredForStaff: false, idleTimeoutMinutes: 15 } })
        .where(eq(practices.id, p.id));
      const user = await createStaff(timed.database, p, 'owner', {
        passwordHash: await hashPassword(PASSWORD, 4),
      });
      const csrf = (await timed.app.inject({ url: '/api/v1/auth/csrf' })).json().csrfToken as string;
      const signIn = await timed.app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        headers: { cookie: `ms_csrf=${csrf}`, 'x-csrf-token': csrf },
        payload: { email: user.email, password: PASSWORD },
      });
      const jar = Object.fromEntries(signIn.cookies.map((c) => [c.name, c.value]));
      const cookie = `ms_access=${jar.ms_access}; ms_refresh=${jar.ms_refresh}; ms_csrf=${csrf}`;
      clock += 14 * 60_000; // active within the window: still signed in, and the window slides
      expect((await timed.app.inject({ url: '/api/v1/session', headers: { cookie } })).statusCode).toBe(401); // access token (5 min) expired
      const refreshed = await timed.app.inject({
        method: 'POST',
        url: '/api/v1/auth/refresh',
        headers: { cookie, 'x-csrf-token': csrf },
      });
      expect(refreshed.statusCode).toBe(200);
      clock += 16 * 60_000; // idle past 15 minutes
      const late = await timed.app.inject({
        method: 'POST',
        url: '/api/v1/auth/refresh',
        headers: {
          cookie: `ms_refresh=${refreshed.cookies.find((c) => c.name === 'ms_refresh')!.value}; ms_csrf=${csrf}`,
          'x-csrf-token': csrf,
        },
      });
      expect(late.statusCode).toBe(401);
      expect(late.json().code).toBe('session_expired');
      const [session] = await timed.database.unsafeOwner
        .select()
        .from(authSessions)
        .where(eq(authSessions.userId, user.id));
      expect(session!.revokedReason).toBe('idle_timeout');
    } finally {
      await timed.close();
    }
  });

  it.runIf(process.env.TEST_REDIS_URL)(
    'ends a session on every instance sharing Redis when it signs out everywhere',
    async () => {
      const user = await staffWithPassword();
      const b = browser();
      await b.post('/api/v1/auth/sign-in', { email: user.email, password: PASSWORD });
      const redis = new Redis(process.env.TEST_REDIS_URL!);
      const other = await buildApp({
        database: t.database,
        redis,
        auth: testAuthDeps(t.database, redis),
        phi: testPhiCipher(),
        logger: pino({ level: 'silent' }),
        testPrincipalHeader: false,
      });
      const cookie = [...b.jar].map(([k, v]) => `${k}=${v}`).join('; ');
      expect((await other.inject({ url: '/api/v1/session', headers: { cookie } })).statusCode).toBe(200);
      await b.post('/api/v1/auth/sign-out-everywhere');
      expect((await other.inject({ url: '/api/v1/session', headers: { cookie } })).statusCode).toBe(401);
      await other.close();
      await redis.quit();
    },
  );
});

describe('administrators manage staff access', () => {
  it('unlocks a locked account, and deactivation ends its sessions and refuses sign-in', async () => {
    const admin = await staffWithPassword('admin');
    const member = await staffWithPassword('clinician');
    const adminBrowser = browser();
    await adminBrowser.post('/api/v1/auth/sign-in', { email: admin.email, password: PASSWORD });

    for (let i = 0; i < 3; i += 1)
      await browser().post('/api/v1/auth/sign-in', { email: member.email, password: 'bad-bad-bad' });
    expect(
      (await browser().post('/api/v1/auth/sign-in', { email: member.email, password: PASSWORD })).statusCode,
    ).toBe(401);
    const locked = (await adminBrowser.get('/api/v1/staff/access'))
      .json()
      .items.find((s: { id: string }) => s.id === member.id);
    expect(locked).toMatchObject({ status: 'active', mfaEnrolled: false });
    expect(locked.lockedUntil).not.toBeNull();
    expect((await adminBrowser.post(`/api/v1/staff/${member.id}/unlock`)).statusCode).toBe(204);
    const memberBrowser = browser();
    expect(
      (await memberBrowser.post('/api/v1/auth/sign-in', { email: member.email, password: PASSWORD }))
        .statusCode,
    ).toBe(200);
    expect((await adminBrowser.get(`/api/v1/staff/${member.id}/sessions`)).json().items).toHaveLength(1);

    expect((await adminBrowser.post(`/api/v1/staff/${member.id}/deactivate`)).statusCode).toBe(204);
    expect((await memberBrowser.get('/api/v1/session')).statusCode).toBe(401);
    expect(
      (await browser().post('/api/v1/auth/sign-in', { email: member.email, password: PASSWORD })).statusCode,
    ).toBe(401);
    expect((await adminBrowser.post(`/api/v1/staff/${admin.id}/deactivate`)).statusCode).toBe(409);
    const events = await t.database.unsafeOwner
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.resourceId, member.id), eq(auditEvents.actorUserId, admin.id)));
    expect(events.map((e) => e.action).sort()).toEqual(['staff.deactivate', 'staff.unlock']);
    const memberView = await memberBrowser.get('/api/v1/staff/access');
    expect(memberView.statusCode).toBe(401);
    const clinician = browser();
    await clinician.post('/api/v1/auth/sign-in', {
      email: (await staffWithPassword()).email,
      password: PASSWORD,
    });
    expect((await clinician.get('/api/v1/staff/access')).statusCode).toBe(403);
  });
});

describe('changing the password', () => {
  it('enforces the policy, the blocklist and the history, and ends the other sessions', async () => {
    const user = await staffWithPassword();
    const here = browser();
    const elsewhere = browser();
    await here.post('/api/v1/auth/sign-in', { email: user.email, password: PASSWORD });
    await elsewhere.post('/api/v1/auth/sign-in', { email: user.email, password: PASSWORD });
    expect((await here.get('/api/v1/auth/password-policy')).json()).toMatchObject({
      minLength: 12,
      historyCount: 5,
    });

    const change = (currentPassword: string, newPassword: string) =>
      here.post('/api/v1/auth/password', { currentPassword, newPassword });
    expect((await change('wrong-current', 'Lantern-Orchid-47!')).statusCode).toBe(401);
    const common = await change(PASSWORD, 'Password123!');
    expect(common.statusCode).toBe(400);
    expect(
      common
        .json()
        .errors.map((e: { message: string }) => e.message)
        .join(' '),
    ).toContain('too common');
    const weak = await change(PASSWORD, 'short');
    expect(weak.statusCode).toBe(400);
    expect(weak.json().errors.length).toBeGreaterThanOrEqual(3);
    expect(
      (await change(PASSWORD, PASSWORD))
        .json()
        .errors.map((e: { message: string }) => e.message)
        .join(' '),
    ).toContain('not used');

    expect((await change(PASSWORD, 'Lantern-Orchid-47!')).statusCode).toBe(204);
    expect((await here.get('/api/v1/session')).statusCode).toBe(200);
    expect((await elsewhere.get('/api/v1/session')).statusCode).toBe(401);
    expect(
      (await browser().post('/api/v1/auth/sign-in', { email: user.email, password: PASSWORD })).statusCode,
    ).toBe(401);
    expect(
      (await browser().post('/api/v1/auth/sign-in', { email: user.email, password: 'Lantern-Orchid-47!' }))
        .statusCode,
    ).toBe(200);
    // The previous password is now in the history.
    const back = await here.post('/api/v1/auth/password', {
      currentPassword: 'Lantern-Orchid-47!',
      newPassword: PASSWORD,
    });
    expect(back.statusCode).toBe(400);
  });
});

describe("managing one's own second factor", () => {
  const codeFor = (secret: string, at = Date.now()) =>
    new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate({
      timestamp: at,
    });

  it('regenerates backup codes and removes the authenticator only after re-authentication, as the practice allows', async () => {
    let clock = Date.now();
    const timed = await buildTestApp({
      testPrincipalHeader: false,
      sharedRedis: false,
      authOptions: { now: () => new Date(clock) },
    });
    try {
      const p = await createPractice(timed.database);
      await timed.database.unsafeOwner
        .update(practices)
        .set({ securitySettings: { mfaRequiredForStaff: false, idleTimeoutMinutes: 60 } })
        .where(eq(practices.id, p.id));
      const user = await createStaff(timed.database, p, 'clinician', {
        passwordHash: await hashPassword(PASSWORD, 4),
      });
      const csrf = (await timed.app.inject({ url: '/api/v1/auth/csrf' })).json().csrfToken as string;
      const jar = new Map([['ms_csrf', csrf]]);
      const post = async (url: string, payload?: object) => {
        const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
        const res = await timed.app.inject({
          method: 'POST',
          url,
          headers: { cookie, 'x-csrf-token': csrf },
          ...(payload ? { payload } : {}),
        });
        for (const c of res.cookies)
          if (c.name === 'ms_access' || c.name === 'ms_refresh') jar.set(c.name, c.value);
        return res;
      };
      await post('/api/v1/auth/sign-in', { email: user.email, password: PASSWORD });
      const { secret } = (await post('/api/v1/auth/mfa/totp/enroll')).json();
      const first = (await post('/api/v1/auth/mfa/totp/confirm', { code: codeFor(secret, clock) })).json()
        .backupCodes;

      clock += 11 * 60_000; // past the 10-minute re-authentication window
      await post('/api/v1/auth/refresh');
      const stale = await post('/api/v1/auth/mfa/backup-codes/regenerate');
      expect(stale.statusCode).toBe(403);
      expect(stale.json().code).toBe('reauthentication_required');
      expect((await post('/api/v1/auth/reauthenticate', { password: PASSWORD })).statusCode).toBe(204);
      const fresh = await post('/api/v1/auth/mfa/backup-codes/regenerate');
      expect(fresh.statusCode).toBe(200);
      expect(fresh.json().backupCodes).toHaveLength(10);
      expect(fresh.json().backupCodes).not.toContain(first[0]);
      expect((await post('/api/v1/auth/mfa/totp/remove')).statusCode).toBe(204);
      expect((await post('/api/v1/auth/mfa/backup-codes/regenerate')).statusCode).toBe(409);
    } finally {
      await timed.close();
    }
  });

  it('refuses to remove the only factor where the practice requires one', async () => {
    const p = await createPractice(t.database);
    const user = await createStaff(t.database, p, 'clinician', {
      passwordHash: await hashPassword(PASSWORD, 4),
    });
    const b = browser();
    await b.post('/api/v1/auth/sign-in', { email: user.email, password: PASSWORD });
    const { secret } = (await b.post('/api/v1/auth/mfa/totp/enroll')).json();
    await b.post('/api/v1/auth/mfa/totp/confirm', { code: codeFor(secret) });
    const res = await b.post('/api/v1/auth/mfa/totp/remove');
    expect(res.statusCode).toBe(409);
  });
});

describe('passkeys (the happy path runs in Chromium with a virtual authenticator: e2e/passkeys.spec.ts)', () => {
  it('issues registration options to a fresh session and refuses a forged answer without storing anything', async () => {
    const user = await staffWithPassword();
    const b = browser();
    await b.post('/api/v1/auth/sign-in', { email: user.email, password: PASSWORD });
    const headers = { origin: 'http://localhost:3000' };
    const cookie = () => [...b.jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const options = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/passkeys/registration-options',
      headers: { ...headers, cookie: cookie(), 'x-csrf-token': b.jar.get('ms_csrf')! },
    });
    expect(options.statusCode).toBe(200);
    expect(options.json()).toMatchObject({ rp: { id: 'localhost' }, challenge: expect.any(String) });
    const forged = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/passkeys',
      headers: { ...headers, cookie: cookie(), 'x-csrf-token': b.jar.get('ms_csrf')! },
      payload: { name: 'Laptop', response: { id: 'abc', rawId: 'abc', type: 'public-key', response: {} } },
    });
    expect(forged.statusCode).toBe(401);
    expect(forged.json().code).toBe('mfa_failed');
    expect((await b.get('/api/v1/auth/passkeys')).json().items).toEqual([]);
  });

  it('refuses passkey sign-in for an account without passkeys, and a forged answer', async () => {
    const p = await createPractice(t.database);
    const user = await createStaff(t.database, p, 'clinician', {
      passwordHash: await hashPassword(PASSWORD, 4),
    });
    const b = browser();
    await b.post('/api/v1/auth/sign-in', { email: user.email, password: PASSWORD });
    const cookie = [...b.jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const common = { cookie, 'x-csrf-token': b.jar.get('ms_csrf')!, origin: 'http://localhost:3000' };
    const options = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/mfa/passkey/options',
      headers: common,
    });
    expect(options.statusCode).toBe(409);
    const forged = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/mfa/passkey/verify',
      headers: common,
      payload: { response: { id: 'abc', rawId: 'abc', type: 'public-key', response: {} } },
    });
    expect(forged.statusCode).toBe(401);
    const events = await t.database.unsafeOwner
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'mfa.passkey_verified'), eq(auditEvents.resourceId, user.id)));
    expect(events).toEqual([expect.objectContaining({ outcome: 'failure' })]);
  });
});
