import { auditEvents, practices, staffInvitations, users } from '@mentalspace/db';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBrowser } from '../../test/browser';
import { buildTestApp, type TestApp } from '../../test/build-test-app';
import { createClient, createPractice, createStaff } from '../../test/factories';

const STRONG = 'Quiet-Lantern-Orchard-47!';
let t: TestApp;
let practice: Awaited<ReturnType<typeof createPractice>>;
let owner: { id: string };
let admin: { id: string };

beforeAll(async () => {
  t = await buildTestApp();
  practice = await createPractice(t.database);
  // Second factors are covered elsewhere; here the password alone signs in.
  await t.database.unsafeOwner
    .update(practices)
    .set({ securitySettings: { mfaRequiredForStaff: false } })
    .where(eq(practices.id, practice.id));
  owner = await createStaff(t.database, practice, 'owner');
  admin = await createStaff(t.database, practice, 'admin');
});
afterAll(async () => {
  await t.close();
});

let n = 0;
async function invite(
  by: { id: string },
  role = 'clinician',
  email = `new${n++}-${Date.now()}@example.test`,
) {
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/staff/invitations',
    headers: t.as(by),
    payload: { email, firstName: 'Robin', lastName: 'Quill', credentials: 'LCSW', role },
  });
}
const tokenOf = (invitePath: string) => invitePath.split('#token=')[1]!;
const accept = (token: string, password = STRONG) =>
  testBrowser(t.app).post('/api/v1/staff/invitations/accept', { token, password });
const auditOf = (resourceId: string) =>
  t.database.unsafeOwner
    .select({ action: auditEvents.action, outcome: auditEvents.outcome, details: auditEvents.details })
    .from(auditEvents)
    .where(eq(auditEvents.resourceId, resourceId));

describe('staff invitations', () => {
  it('invites with a role, lists the invitation, and lets the person set a password once, then sign in', async () => {
    const email = `Robin.Quill-${Date.now()}@Example.test`;
    const created = await invite(owner, 'clinician', email);
    expect(created.statusCode).toBe(201);
    const { invitation, invitePath } = created.json();
    expect(invitePath).toMatch(/^\/staff\/accept#token=[\w-]{40,}$/);
    expect(invitation).toMatchObject({ email: email.toLowerCase(), role: 'clinician', firstName: 'Robin' });

    // Only the hash is stored.
    const [stored] = await t.database.unsafeOwner
      .select({ tokenHash: staffInvitations.tokenHash })
      .from(staffInvitations)
      .where(eq(staffInvitations.id, invitation.id));
    expect(stored!.tokenHash).not.toContain(tokenOf(invitePath));

    const list = await t.app.inject({ url: '/api/v1/staff/invitations', headers: t.as(admin) });
    expect(list.json().items.map((i: { id: string }) => i.id)).toContain(invitation.id);
    // No password yet: nobody signs in as the invited account.
    const early = await testBrowser(t.app).post('/api/v1/auth/sign-in', { email, password: STRONG });
    expect(early.statusCode).toBe(401);

    const weak = await accept(tokenOf(invitePath), 'robinquill');
    expect(weak.statusCode).toBe(400);
    expect(weak.json().errors.map((e: { field: string }) => e.field)).toContain('body.password');

    const ok = await accept(tokenOf(invitePath));
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ email: email.toLowerCase() });
    const again = await accept(tokenOf(invitePath));
    expect(again.statusCode).toBe(400);
    expect(again.json().errors[0].field).toBe('body.token');

    const b = testBrowser(t.app);
    const signIn = await b.post('/api/v1/auth/sign-in', { email, password: STRONG });
    expect(signIn.statusCode).toBe(200);
    expect((await b.get('/api/v1/session')).json().user).toMatchObject({
      role: 'clinician',
      credentials: 'LCSW',
    });
    expect(
      (await t.app.inject({ url: '/api/v1/staff/invitations', headers: t.as(owner) })).json().items,
    ).not.toContainEqual(expect.objectContaining({ id: invitation.id }));
    expect((await auditOf(invitation.userId)).map((a) => a.action)).toEqual(
      expect.arrayContaining(['staff.invited', 'staff.invitation_accepted']),
    );
  });

  it('needs the login CSRF token to accept', async () => {
    const { invitePath } = (await invite(owner)).json();
    const res = await testBrowser(t.app).post(
      '/api/v1/staff/invitations/accept',
      { token: tokenOf(invitePath), password: STRONG },
      { csrf: false },
    );
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('csrf_failed');
  });

  it('refuses an e-mail that already has an account, naming the field', async () => {
    const existing = await createStaff(t.database, await createPractice(t.database), 'clinician');
    const res = await invite(owner, 'clinician', existing.email.toUpperCase());
    expect(res.statusCode).toBe(409);
    expect(res.json().errors).toEqual([{ field: 'body.email', message: 'already has an account' }]);
  });

  it('validates the invitation body field by field', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/staff/invitations',
      headers: t.as(owner),
      payload: { email: 'not-an-email', firstName: '', lastName: 'X', role: 'wizard', extra: 1 },
    });
    expect(res.statusCode).toBe(400);
    const fields = res.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['body.email', 'body.firstName', 'body.role']));
  });

  it('lets an owner invite an owner but not an admin', async () => {
    expect((await invite(admin, 'owner')).statusCode).toBe(403);
    expect((await invite(admin, 'admin')).statusCode).toBe(201);
    expect((await invite(owner, 'owner')).statusCode).toBe(201);
  });

  it('refuses an expired link', async () => {
    const { invitation, invitePath } = (await invite(owner)).json();
    await t.database.unsafeOwner
      .update(staffInvitations)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(staffInvitations.id, invitation.id));
    expect((await accept(tokenOf(invitePath))).statusCode).toBe(400);
  });

  it('reissues a link (the old one stops working) and withdraws one (the account is disabled)', async () => {
    const first = (await invite(owner)).json();
    const reissued = await t.app.inject({
      method: 'POST',
      url: `/api/v1/staff/invitations/${first.invitation.id}/reissue`,
      headers: t.as(admin),
    });
    expect(reissued.statusCode).toBe(201);
    const second = reissued.json();
    expect(second.invitation.userId).toBe(first.invitation.userId);
    expect((await accept(tokenOf(first.invitePath))).statusCode).toBe(400);

    const withdrawn = await t.app.inject({
      method: 'POST',
      url: `/api/v1/staff/invitations/${second.invitation.id}/withdraw`,
      headers: t.as(admin),
    });
    expect(withdrawn.statusCode).toBe(204);
    expect((await accept(tokenOf(second.invitePath))).statusCode).toBe(400);
    const [user] = await t.database.unsafeOwner
      .select({ status: users.status })
      .from(users)
      .where(eq(users.id, first.invitation.userId));
    expect(user!.status).toBe('disabled');
    const again = await t.app.inject({
      method: 'POST',
      url: `/api/v1/staff/invitations/${second.invitation.id}/withdraw`,
      headers: t.as(admin),
    });
    expect(again.statusCode).toBe(404);
  });
});

describe('role changes', () => {
  const changeRole = (by: { id: string }, id: string, role: string) =>
    t.app.inject({ method: 'PUT', url: `/api/v1/staff/${id}/role`, headers: t.as(by), payload: { role } });

  it("changes a role, ends the member's sessions at once, and audits from and to", async () => {
    const { invitation, invitePath } = (await invite(owner, 'clinician')).json();
    await accept(tokenOf(invitePath));
    const b = testBrowser(t.app);
    await b.post('/api/v1/auth/sign-in', { email: invitation.email, password: STRONG });
    expect((await b.get('/api/v1/session')).statusCode).toBe(200);

    expect((await changeRole(admin, invitation.userId, 'supervisor')).statusCode).toBe(204);
    const after = await b.get('/api/v1/session');
    expect(after.statusCode).toBe(401);
    expect(after.json().code).toBe('session_expired');
    const events = await auditOf(invitation.userId);
    expect(events).toContainEqual(
      expect.objectContaining({
        action: 'staff.role_changed',
        outcome: 'success',
        details: expect.objectContaining({ from: 'clinician', to: 'supervisor', sessionsEnded: 1 }),
      }),
    );
    await b.post('/api/v1/auth/sign-in', { email: invitation.email, password: STRONG });
    expect((await b.get('/api/v1/session')).json().user.role).toBe('supervisor');
  });

  it('refuses escalation: admins cannot make or change owners (audited as denied), nobody changes their own role', async () => {
    const member = await createStaff(t.database, practice, 'biller');
    expect((await changeRole(admin, member.id, 'owner')).statusCode).toBe(403);
    expect((await changeRole(admin, owner.id, 'biller')).statusCode).toBe(403);
    expect((await changeRole(owner, owner.id, 'biller')).statusCode).toBe(409);
    expect((await changeRole(createdClinician(), member.id, 'admin')).statusCode).toBe(403);
    const denied = await t.database.unsafeOwner
      .select({ id: auditEvents.id })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'staff.role_changed'), eq(auditEvents.outcome, 'denied')));
    expect(denied.length).toBeGreaterThanOrEqual(2);
    expect((await changeRole(owner, member.id, 'admin')).statusCode).toBe(204);
    expect((await changeRole(owner, member.id, 'wizard')).statusCode).toBe(400);
  });

  let clinicianForRoles: { id: string } | undefined;
  function createdClinician() {
    return clinicianForRoles!;
  }
  beforeAll(async () => {
    clinicianForRoles = await createStaff(t.database, practice, 'clinician');
  });
});

describe('care teams (caseload assignment)', () => {
  const put = (by: { id: string }, clientId: string, clinicianId: string, assignment: string) =>
    t.app.inject({
      method: 'PUT',
      url: `/api/v1/clients/${clientId}/clinicians/${clinicianId}`,
      headers: t.as(by),
      payload: { assignment },
    });
  const remove = (by: { id: string }, clientId: string, clinicianId: string) =>
    t.app.inject({
      method: 'DELETE',
      url: `/api/v1/clients/${clientId}/clinicians/${clinicianId}`,
      headers: t.as(by),
    });

  it('puts a clinician on the care team, which opens the chart to them, and takes them off again', async () => {
    const first = await createStaff(t.database, practice, 'clinician');
    const second = await createStaff(t.database, practice, 'clinician');
    const desk = await createStaff(t.database, practice, 'front_desk');
    const client = await createClient(t.database, practice, { clinician: first });
    const chart = () => t.app.inject({ url: `/api/v1/clients/${client.id}`, headers: t.as(second) });
    expect((await chart()).statusCode).toBe(404);

    const assigned = await put(desk, client.id, second.id, 'primary');
    expect(assigned.statusCode).toBe(200);
    const team = assigned
      .json()
      .clinicians.map((c: { id: string; assignment: string }) => [c.id, c.assignment]);
    expect(team).toEqual(
      expect.arrayContaining([
        [second.id, 'primary'],
        [first.id, 'secondary'],
      ]),
    );
    expect((await chart()).statusCode).toBe(200);

    expect((await remove(desk, client.id, second.id)).statusCode).toBe(204);
    expect((await chart()).statusCode).toBe(404);
    expect((await remove(desk, client.id, second.id)).statusCode).toBe(404);
    expect((await auditOf(client.id)).map((a) => a.action)).toEqual(
      expect.arrayContaining(['client.clinician_assigned', 'client.clinician_unassigned']),
    );
  });

  it('refuses billers and clinicians, and anyone who is not an active clinician as a team member', async () => {
    const clinician = await createStaff(t.database, practice, 'clinician');
    const biller = await createStaff(t.database, practice, 'biller');
    const client = await createClient(t.database, practice, { clinician });
    expect((await put(biller, client.id, clinician.id, 'secondary')).statusCode).toBe(403);
    expect((await put(clinician, client.id, clinician.id, 'secondary')).statusCode).toBe(403);
    const notClinician = await put(owner, client.id, biller.id, 'secondary');
    expect(notClinician.statusCode).toBe(400);
    expect(notClinician.json().errors[0].field).toBe('params.clinicianId');
    expect((await put(owner, client.id, clinician.id, 'lead')).statusCode).toBe(400);
  });
});

describe('supervision', () => {
  it("lets a manager make a supervisor reach a clinician's caseload, refuses nonsense, and ends it", async () => {
    const supervisor = await createStaff(t.database, practice, 'supervisor');
    const clinician = await createStaff(t.database, practice, 'clinician');
    const biller = await createStaff(t.database, practice, 'biller');
    const client = await createClient(t.database, practice, { clinician });
    const chart = () => t.app.inject({ url: `/api/v1/clients/${client.id}`, headers: t.as(supervisor) });
    const start = (by: { id: string }, supervisorId: string, superviseeId: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/staff/supervisions',
        headers: t.as(by),
        payload: { supervisorId, superviseeId },
      });
    expect((await chart()).statusCode).toBe(404);

    expect((await start(clinician, supervisor.id, clinician.id)).statusCode).toBe(403);
    const notSupervisor = await start(admin, biller.id, clinician.id);
    expect(notSupervisor.statusCode).toBe(400);
    expect(notSupervisor.json().errors[0].field).toBe('body.supervisorId');
    expect((await start(admin, supervisor.id, biller.id)).json().errors[0].field).toBe('body.superviseeId');
    expect((await start(admin, supervisor.id, supervisor.id)).statusCode).toBe(400);

    const started = await start(admin, supervisor.id, clinician.id);
    expect(started.statusCode).toBe(201);
    expect((await start(admin, supervisor.id, clinician.id)).statusCode).toBe(409);
    expect((await chart()).statusCode).toBe(200);
    const list = await t.app.inject({ url: '/api/v1/staff/supervisions', headers: t.as(owner) });
    expect(list.json().items).toContainEqual(
      expect.objectContaining({
        id: started.json().id,
        supervisorId: supervisor.id,
        superviseeId: clinician.id,
      }),
    );

    const end = () =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/staff/supervisions/${started.json().id}/end`,
        headers: t.as(admin),
      });
    expect((await end()).statusCode).toBe(204);
    expect((await end()).statusCode).toBe(404);
    expect((await chart()).statusCode).toBe(404);
    expect((await auditOf(clinician.id)).map((a) => a.action)).toEqual(
      expect.arrayContaining(['staff.supervision_started', 'staff.supervision_ended']),
    );
  });
});
