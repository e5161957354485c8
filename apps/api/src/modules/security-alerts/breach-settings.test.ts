import { BreachSettingsSchema, type BreachSettings, type StaffRole } from '@mentalspace/contracts';
import { auditEvents, practices, securityAlerts } from '@mentalspace/db';
import { and, eq } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unsafeSealAuditEvents } from '../../audit/audit-chain';
import { unsafeRunBreachDetection } from '../../security/breach-detection/detect';
import { buildTestApp, type TestApp } from '../../test/build-test-app';
import { createPractice, createStaff } from '../../test/factories';

const DEFAULTS: BreachSettings = BreachSettingsSchema.parse({});
const URL = '/api/v1/security/breach-settings';

let t: TestApp;

beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

/** A practice with one person in each role, and other security settings that must survive a save. */
async function practiceWithStaff() {
  const practice = await createPractice(t.database);
  await t.database.unsafeOwner
    .update(practices)
    .set({ securitySettings: { idleTimeoutMinutes: 20, mfaRequiredForStaff: true } })
    .where(eq(practices.id, practice.id));
  const staff = {} as Record<StaffRole, { id: string }>;
  for (const role of ['owner', 'admin', 'clinician', 'supervisor', 'front_desk', 'biller'] as const)
    staff[role] = await createStaff(t.database, practice, role);
  return { practice, ...staff };
}

const read = (as: { id: string }) => t.app.inject({ url: URL, headers: t.as(as) });
const save = (as: { id: string }, payload: object) =>
  t.app.inject({ method: 'PUT', url: URL, headers: t.as(as), payload });

const stored = async (practiceId: string) => {
  const [row] = await t.database.unsafeOwner
    .select({ settings: practices.securitySettings })
    .from(practices)
    .where(eq(practices.id, practiceId));
  return row!.settings;
};
const changes = (practiceId: string) =>
  t.database.unsafeOwner
    .select({ actorUserId: auditEvents.actorUserId, details: auditEvents.details })
    .from(auditEvents)
    .where(
      and(eq(auditEvents.practiceId, practiceId), eq(auditEvents.action, 'practice.breach_settings_changed')),
    );

describe('breach-detection thresholds', () => {
  it('shows owners and admins the defaults while the practice has set none', async () => {
    const { owner, admin } = await practiceWithStaff();
    for (const who of [owner, admin]) {
      const response = await read(who);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual(DEFAULTS);
    }
  });

  it('saves a changed threshold, audits the changed keys from what to what, and keeps the other security settings', async () => {
    const { practice, owner } = await practiceWithStaff();
    const next = { ...DEFAULTS, excessiveAccessClients: 12, businessHours: { start: 8, end: 18 } };
    const response = await save(owner, next);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual(next);
    expect((await read(owner)).json()).toEqual(next);
    expect(await stored(practice.id)).toEqual({
      idleTimeoutMinutes: 20,
      mfaRequiredForStaff: true,
      breachDetection: next,
    });
    expect(await changes(practice.id)).toEqual([
      {
        actorUserId: owner.id,
        details: {
          changed: 'businessHours,excessiveAccessClients',
          before: JSON.stringify({ businessHours: { start: 7, end: 20 }, excessiveAccessClients: 40 }),
          after: JSON.stringify({ businessHours: { start: 8, end: 18 }, excessiveAccessClients: 12 }),
        },
      },
    ]);

    // Saving the same values again changes nothing, so nothing more is audited.
    expect((await save(owner, next)).statusCode).toBe(200);
    expect(await changes(practice.id)).toHaveLength(1);
  });

  it('refuses every other role, reading or saving (403), and changes nothing', async () => {
    const { practice, clinician, supervisor, front_desk, biller } = await practiceWithStaff();
    for (const who of [clinician, supervisor, front_desk, biller]) {
      expect((await read(who)).statusCode).toBe(403);
      const refused = await save(who, { ...DEFAULTS, exportRows: 10 });
      expect(refused.statusCode).toBe(403);
      expect(refused.json().code).toBe('forbidden');
    }
    expect(await stored(practice.id)).toEqual({ idleTimeoutMinutes: 20, mfaRequiredForStaff: true });
    expect(await changes(practice.id)).toEqual([]);
  });

  it.each([
    ['a value below its minimum', { excessiveAccessClients: 4 }, 'body.excessiveAccessClients'],
    ['a value above its maximum', { failedSignInsPerAccount: 101 }, 'body.failedSignInsPerAccount'],
    ['a fraction', { exportRows: 10.5 }, 'body.exportRows'],
    ['an unknown key', { surprise: 1 }, 'body.surprise'],
    [
      'an unknown key in working hours',
      { businessHours: { start: 7, end: 20, lunch: 12 } },
      'body.businessHours.lunch',
    ],
    [
      'working hours that end at their start',
      { businessHours: { start: 9, end: 9 } },
      'body.businessHours.end',
    ],
    [
      'working hours that end before they start',
      { businessHours: { start: 22, end: 6 } },
      'body.businessHours.end',
    ],
    ['a weekday twice', { businessDays: [1, 1, 2] }, 'body.businessDays'],
    ['a missing threshold', { exportWindowMinutes: undefined }, 'body.exportWindowMinutes'],
  ])('refuses %s (400 naming the field) and changes nothing', async (_, change, field) => {
    const { practice, owner } = await practiceWithStaff();
    const response = await save(owner, { ...DEFAULTS, ...change });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ code: 'validation_failed' });
    expect(response.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(await stored(practice.id)).toEqual({ idleTimeoutMinutes: 20, mfaRequiredForStaff: true });
    expect(await changes(practice.id)).toEqual([]);
  });

  it("changes only the caller's practice", async () => {
    const mine = await practiceWithStaff();
    const theirs = await practiceWithStaff();
    const theirSettings = { ...DEFAULTS, deniedAdminActions: 7 };
    expect((await save(theirs.owner, theirSettings)).statusCode).toBe(200);

    expect((await save(mine.owner, { ...DEFAULTS, deniedAdminActions: 2 })).statusCode).toBe(200);
    expect((await read(theirs.owner)).json()).toEqual(theirSettings);
    expect(await stored(theirs.practice.id)).toEqual({
      idleTimeoutMinutes: 20,
      mfaRequiredForStaff: true,
      breachDetection: theirSettings,
    });
    expect(await changes(theirs.practice.id)).toHaveLength(1);
  });

  it('is what detection applies: a lowered limit raises an alert that the default would not', async () => {
    const lowered = await practiceWithStaff();
    const unchanged = await practiceWithStaff();
    const allDay = { businessHours: { start: 0, end: 24 }, businessDays: [1, 2, 3, 4, 5, 6, 7] };
    // Both practices work around the clock, every day, so only the access rule can fire; one lowers its limit.
    expect(
      (await save(lowered.owner, { ...DEFAULTS, ...allDay, excessiveAccessClients: 5 })).statusCode,
    ).toBe(200);
    expect((await save(unchanged.owner, { ...DEFAULTS, ...allDay })).statusCode).toBe(200);
    await unsafeRunBreachDetection(t.database);

    // The same synthetic stream in each: one clinician opens six different charts.
    for (const { practice, clinician } of [lowered, unchanged]) {
      await t.database.unsafeOwner.insert(auditEvents).values(
        Array.from({ length: 6 }, () => ({
          practiceId: practice.id,
          actorUserId: clinician.id,
          action: 'client.read',
          resourceType: 'client',
          clientId: randomUUID(),
        })),
      );
    }
    await unsafeSealAuditEvents(t.database);
    await unsafeRunBreachDetection(t.database);

    const raised = (practiceId: string) =>
      t.database.unsafeOwner
        .select({
          kind: securityAlerts.kind,
          subject: securityAlerts.subjectUserId,
          evidence: securityAlerts.evidence,
        })
        .from(securityAlerts)
        .where(eq(securityAlerts.practiceId, practiceId));
    expect(await raised(lowered.practice.id)).toEqual([
      {
        kind: 'excessive_phi_access',
        subject: lowered.clinician.id,
        evidence: expect.objectContaining({ distinctClients: 6, limit: 5 }),
      },
    ]);
    expect(await raised(unchanged.practice.id)).toEqual([]);
  });
});
