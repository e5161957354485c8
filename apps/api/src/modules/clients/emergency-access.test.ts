import { auditEvents, emergencyAccessGrants } from '@mentalspace/db';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/build-test-app';
import { createClient, createPractice, createStaff } from '../../test/factories';

let t: TestApp;
let owner: { id: string };
let onCall: { id: string };
let primary: { id: string };
let client: { id: string };

beforeAll(async () => {
  t = await buildTestApp();
  const practice = await createPractice(t.database);
  owner = await createStaff(t.database, practice, 'owner');
  onCall = await createStaff(t.database, practice, 'clinician', {
    firstName: 'Oncall',
    lastName: 'Clinician',
  });
  primary = await createStaff(t.database, practice, 'clinician');
  client = await createClient(t.database, practice, { clinician: primary });
});
afterAll(async () => {
  await t.close();
});

const chart = (as: { id: string }, id = client.id) =>
  t.app.inject({ url: `/api/v1/clients/${id}`, headers: t.as(as) });
const breakGlass = (as: { id: string }, reason: string, id = client.id) =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1/clients/${id}/emergency-access`,
    headers: t.as(as),
    payload: { reason },
  });
const REASON = 'Client called the crisis line; primary clinician unreachable';

describe('emergency access (break the glass)', () => {
  it('opens a chart outside the care team for an hour with a reason, marks it, audits it, and alerts the admins', async () => {
    expect((await chart(onCall)).statusCode).toBe(404);
    const short = await breakGlass(onCall, 'urgent');
    expect(short.statusCode).toBe(400);
    expect(short.json().errors[0].field).toBe('body.reason');

    const granted = await breakGlass(onCall, REASON);
    expect(granted.statusCode).toBe(201);
    const minutes = (Date.parse(granted.json().expiresAt) - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(58);
    expect(minutes).toBeLessThanOrEqual(60);

    const opened = await chart(onCall);
    expect(opened.statusCode).toBe(200);
    expect(opened.json().emergencyAccessUntil).toBe(granted.json().expiresAt);
    // The primary clinician's own view carries no mark.
    expect((await chart(primary)).json().emergencyAccessUntil).toBeNull();

    const [event] = await t.database.unsafeOwner
      .select({ reason: auditEvents.reason, actor: auditEvents.actorUserId })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'client.emergency_access'), eq(auditEvents.clientId, client.id)));
    expect(event).toEqual({ reason: REASON, actor: onCall.id });

    const alerts = (await t.app.inject({ url: '/api/v1/security/alerts', headers: t.as(owner) })).json()
      .items;
    expect(alerts).toContainEqual(
      expect.objectContaining({
        kind: 'emergency_access',
        severity: 'high',
        status: 'open',
        subjectUserId: onCall.id,
        subjectName: 'Oncall Clinician',
        clientId: client.id,
      }),
    );
    expect((await t.app.inject({ url: '/api/v1/security/alerts', headers: t.as(onCall) })).statusCode).toBe(
      403,
    );
  });

  it('ends when the grant expires', async () => {
    await t.database.unsafeOwner
      .update(emergencyAccessGrants)
      .set({ expiresAt: sql`now() - interval '1 minute'` })
      .where(eq(emergencyAccessGrants.userId, onCall.id));
    expect((await chart(onCall)).statusCode).toBe(404);
  });

  it('refuses what it is not for: unknown clients, the care team, practice-wide roles', async () => {
    expect((await breakGlass(onCall, REASON, '01a203ea-0000-7000-8000-0000000000ab')).statusCode).toBe(404);
    const foreign = await createClient(t.database, await createPractice(t.database));
    expect((await breakGlass(onCall, REASON, foreign.id)).statusCode).toBe(404);
    expect((await breakGlass(primary, REASON)).statusCode).toBe(409);
    expect((await breakGlass(owner, REASON)).statusCode).toBe(409);
  });
});

describe('security alerts', () => {
  it('move from open to acknowledged to resolved, each step once and audited', async () => {
    const [alert] = (await t.app.inject({ url: '/api/v1/security/alerts', headers: t.as(owner) })).json()
      .items;
    const act = (verb: string) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/security/alerts/${alert.id}/${verb}`,
        headers: t.as(owner),
      });
    expect((await act('acknowledge')).statusCode).toBe(204);
    expect((await act('acknowledge')).statusCode).toBe(409);
    expect((await act('resolve')).statusCode).toBe(204);
    expect((await act('resolve')).statusCode).toBe(409);
    const resolved = await t.app.inject({
      url: '/api/v1/security/alerts?status=resolved',
      headers: t.as(owner),
    });
    expect(resolved.json().items.map((a: { id: string }) => a.id)).toContain(alert.id);
    const unresolved = await t.app.inject({ url: '/api/v1/security/alerts', headers: t.as(owner) });
    expect(unresolved.json().items.map((a: { id: string }) => a.id)).not.toContain(alert.id);
    const handled = await t.database.unsafeOwner
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(eq(auditEvents.resourceId, alert.id));
    expect(handled.map((h) => h.action).sort()).toEqual([
      'security.alert_acknowledged',
      'security.alert_resolved',
    ]);
  });
});
