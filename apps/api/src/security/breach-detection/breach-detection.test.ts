import { auditEvents, practices, securityAlerts } from '@mentalspace/db';
import { openTestDatabase, type TestDatabase } from '@mentalspace/db/testing';
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { unsafeSealAuditEvents } from '../../audit/audit-chain';
import { createAppointment, createClient, createPractice, createStaff } from '../../test/factories';
import { unsafeRunBreachDetection } from './detect';

let database: TestDatabase;
let practiceId: string;
let user: string;

type Event = Partial<typeof auditEvents.$inferInsert>;
/** A synthetic audit stream, written as the app would have written it, then sealed. */
async function stream(events: Event[]) {
  await database.unsafeOwner
    .insert(auditEvents)
    .values(events.map((e) => ({ practiceId, resourceType: 'client', action: 'client.read', ...e })));
  await unsafeSealAuditEvents(database);
}
const reads = (count: number, actor = user) =>
  Array.from({ length: count }, () => ({ actorUserId: actor, clientId: randomUUID() }));
const detect = () => unsafeRunBreachDetection(database);
const alerts = () =>
  database.unsafeOwner
    .select({
      kind: securityAlerts.kind,
      subject: securityAlerts.subjectUserId,
      evidence: securityAlerts.evidence,
    })
    .from(securityAlerts)
    .where(eq(securityAlerts.practiceId, practiceId));

beforeEach(async () => {
  database = await openTestDatabase();
  const practice = await createPractice(database);
  practiceId = practice.id;
  // Working hours around the clock unless a test says otherwise, so only the rule under test fires.
  await setSettings({ businessHours: { start: 0, end: 24 } });
  user = (await createStaff(database, practice, 'clinician')).id;
});
afterEach(async () => {
  await database.close();
});

async function setSettings(breachDetection: Record<string, unknown>) {
  await database.unsafeOwner
    .update(practices)
    .set({ securitySettings: { breachDetection } })
    .where(eq(practices.id, practiceId));
}

describe('breach detection', () => {
  it('reads only what is new: a second run reads nothing, and one finding is raised once per window', async () => {
    await stream(reads(41));
    expect(await detect()).toEqual({ events: 41, alerts: 1 });
    expect(await detect()).toEqual({ events: 0, alerts: 0 });
    await stream(reads(5));
    expect(await detect()).toEqual({ events: 5, alerts: 0 });
    expect((await alerts()).map((a) => a.kind)).toEqual(['excessive_phi_access']);
  });

  it('flags excessive chart access above the practice limit, not at it', async () => {
    await stream(reads(40));
    expect((await detect()).alerts).toBe(0);
    await stream(reads(1));
    await detect();
    expect(await alerts()).toEqual([
      expect.objectContaining({
        kind: 'excessive_phi_access',
        subject: user,
        evidence: expect.objectContaining({ distinctClients: 41, limit: 40 }),
      }),
    ]);
  });

  it("flags access far above the person's own busiest hour, even under the practice limit", async () => {
    // Two weeks of history: three busy hours of two clients each, two days ago.
    const twoDaysAgo = Date.now() - 2 * 24 * 3_600_000;
    const history = [0, 1, 2].flatMap((h) =>
      [0, 1].map(() => ({
        actorUserId: user,
        clientId: randomUUID(),
        occurredAt: new Date(twoDaysAgo + h * 3_600_000),
      })),
    );
    await stream([...history, ...reads(9)]);
    expect((await detect()).alerts).toBe(0);
    await stream(reads(1));
    await detect();
    expect(await alerts()).toEqual([
      expect.objectContaining({
        kind: 'excessive_phi_access',
        evidence: expect.objectContaining({ distinctClients: 10, baselineBusiestHour: 2 }),
      }),
    ]);
  });

  it('flags repeated failed sign-ins on an account, and password spraying from one address', async () => {
    const account = randomUUID();
    const failed = (resourceId: string, ip: string) => ({
      action: 'auth.sign_in',
      resourceType: 'user',
      resourceId,
      outcome: 'failure' as const,
      ip,
    });
    // Near misses: four failures on one account; three accounts from one address.
    await stream([
      ...Array.from({ length: 4 }, () => failed(account, '198.51.100.1')),
      failed(randomUUID(), '198.51.100.2'),
      failed(randomUUID(), '198.51.100.2'),
      failed(randomUUID(), '198.51.100.2'),
    ]);
    expect((await detect()).alerts).toBe(0);
    await stream([failed(account, '198.51.100.1'), failed(randomUUID(), '198.51.100.2')]);
    await detect();
    expect((await alerts()).map((a) => a.kind).sort()).toEqual(['failed_sign_ins', 'password_spraying']);
  });

  it('flags chart access outside working hours in the practice time zone, not inside them', async () => {
    await setSettings({ businessHours: { start: 7, end: 20 } });
    // The test practice is in America/New_York: 15:00 UTC is 10:00 there (inside), 06:00 UTC is
    // 01:00 (outside). One stream, so both are sealed on the first run: only the second counts.
    const inside = {
      actorUserId: user,
      clientId: randomUUID(),
      occurredAt: new Date('2026-11-20T15:00:00Z'),
    };
    const outside = {
      actorUserId: user,
      clientId: randomUUID(),
      occurredAt: new Date('2026-11-20T06:00:00Z'),
    };
    // A late session on the schedule is not snooping: the clinician sees this client 00:30–01:20.
    const practice = { id: practiceId };
    const seen = await createClient(database, practice, { clinician: { id: user } });
    await createAppointment(database, practice, {
      clinician: { id: user },
      client: seen,
      startsAt: new Date('2026-11-20T05:30:00Z'),
    });
    const scheduled = { actorUserId: user, clientId: seen.id, occurredAt: new Date('2026-11-20T06:05:00Z') };
    await stream([inside, outside, scheduled]);
    expect((await detect()).alerts).toBe(1);
    expect(await alerts()).toEqual([
      expect.objectContaining({
        kind: 'after_hours_access',
        subject: user,
        evidence: expect.objectContaining({ events: 1 }),
      }),
    ]);
  });

  it('flags an attempt at one’s own role at once, and refused admin actions past the threshold', async () => {
    const other = (await createStaff(database, { id: practiceId }, 'front_desk')).id;
    const denied = (actorUserId: string, details: Record<string, unknown> = {}) => ({
      actorUserId,
      action: 'staff.role_changed',
      resourceType: 'user',
      outcome: 'denied' as const,
      details,
    });
    await stream([denied(other), denied(other)]);
    expect((await detect()).alerts).toBe(0);
    await stream([denied(user, { reason: 'own_role' })]);
    await stream([denied(other)]);
    await detect();
    expect((await alerts()).map((a) => [a.kind, a.subject]).sort()).toEqual(
      [
        ['role_escalation_attempt', other],
        ['role_escalation_attempt', user],
      ].sort(),
    );
  });

  it('flags a large export, or many exports, and not an ordinary one', async () => {
    const exported = (rows: number, actorUserId = user) => ({
      actorUserId,
      action: 'audit.exported',
      resourceType: 'audit_log',
      details: { rows },
    });
    await stream([exported(999), exported(10)]);
    expect((await detect()).alerts).toBe(0);
    await stream([exported(1_000)]);
    await detect();
    expect(await alerts()).toEqual([expect.objectContaining({ kind: 'bulk_export', subject: user })]);
  });
});
