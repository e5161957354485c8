import { auditEvents, practices, securityAlerts, timeOff, workingHours } from '@mentalspace/db';
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
const exported = (rows: number, actorUserId = user) => ({
  actorUserId,
  action: 'audit.exported',
  resourceType: 'audit_log',
  details: { rows },
});
const failed = (resourceId: string, ip: string, action = 'auth.sign_in') => ({
  action,
  resourceType: 'user',
  resourceId,
  outcome: 'failure' as const,
  ip,
});
/** A sign-in with an e-mail that matches no account: no practice, no account (the platform chain). */
const unknownAccount = (ip: string, action = 'auth.sign_in') => ({
  practiceId: null,
  action,
  resourceType: 'auth',
  outcome: 'failure' as const,
  ip,
  details: { reason: 'unknown_account' },
});
const alerts = (practice = practiceId) =>
  database.unsafeOwner
    .select({
      kind: securityAlerts.kind,
      subject: securityAlerts.subjectUserId,
      evidence: securityAlerts.evidence,
    })
    .from(securityAlerts)
    .where(eq(securityAlerts.practiceId, practice));

beforeEach(async () => {
  database = await openTestDatabase();
  const practice = await createPractice(database);
  practiceId = practice.id;
  // Working hours around the clock unless a test says otherwise, so only the rule under test fires.
  await setSettings({});
  user = (await createStaff(database, practice, 'clinician')).id;
});
afterEach(async () => {
  await database.close();
});

async function setSettings(breachDetection: Record<string, unknown>) {
  const aroundTheClock = { businessHours: { start: 0, end: 24 }, businessDays: [1, 2, 3, 4, 5, 6, 7] };
  await database.unsafeOwner
    .update(practices)
    .set({ securitySettings: { breachDetection: { ...aroundTheClock, ...breachDetection } } })
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

  it('counts second-factor and portal failures towards the per-account limit', async () => {
    const account = randomUUID();
    const ip = '198.51.100.3';
    await stream([
      ...Array.from({ length: 3 }, () => failed(account, ip)),
      { ...failed(account, ip, 'mfa.totp_verified'), outcome: 'denied' as const },
      // A factor that worked is no failure.
      { ...failed(account, ip, 'mfa.passkey_verified'), outcome: 'success' as const },
    ]);
    expect((await detect()).alerts).toBe(0);
    await stream([failed(account, ip, 'mfa.backup_code_used')]);
    await detect();
    expect(await alerts()).toEqual([
      expect.objectContaining({
        kind: 'failed_sign_ins',
        evidence: expect.objectContaining({ failures: 5 }),
      }),
    ]);
  });

  it('counts failures against unknown e-mails from the same address towards spraying: four alert, three do not', async () => {
    const ip = '203.0.113.7';
    const bystander = (await createPractice(database)).id;
    // Three accounts from one address: a staff account, a portal account, an unknown e-mail.
    await stream([
      failed(randomUUID(), ip),
      failed(randomUUID(), ip, 'portal.sign_in'),
      unknownAccount(ip),
      unknownAccount('203.0.113.8'),
    ]);
    expect((await detect()).alerts).toBe(0);
    // The fourth lands in the platform chain only: the platform rule finds this practice.
    await stream([unknownAccount(ip, 'portal.sign_in')]);
    expect((await detect()).alerts).toBe(1);
    expect(await alerts()).toEqual([
      expect.objectContaining({
        kind: 'password_spraying',
        evidence: expect.objectContaining({
          address: ip,
          accounts: 4,
          practiceAccounts: 2,
          unknownAccountFailures: 2,
        }),
      }),
    ]);
    // A practice the address never tried hears nothing of it.
    expect(await alerts(bystander)).toEqual([]);
  });

  it('sees spraying when the practice account comes last, after unknown e-mails', async () => {
    const ip = '203.0.113.9';
    // Unknown e-mails alone belong to no practice: nobody to alert yet.
    await stream([unknownAccount(ip), unknownAccount(ip), unknownAccount(ip)]);
    expect((await detect()).alerts).toBe(0);
    await stream([failed(user, ip, 'mfa.totp_verified')]);
    await detect();
    expect((await alerts()).map((a) => a.kind)).toEqual(['password_spraying']);
  });

  it('flags chart access outside working hours in the practice time zone, not inside them', async () => {
    await setSettings({ businessHours: { start: 7, end: 20 }, businessDays: [1, 2, 3, 4, 5] });
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

  it("follows a clinician's own working hours in their own zone: 21:00 within 18:00–22:00, 23:30 not", async () => {
    await setSettings({ businessHours: { start: 7, end: 20 }, businessDays: [1, 2, 3, 4, 5] });
    const evening = await createStaff(database, { id: practiceId }, 'clinician', {
      timeZone: 'America/Los_Angeles',
    });
    await database.unsafeOwner.insert(workingHours).values({
      practiceId,
      clinicianId: evening.id,
      weekday: 3,
      startsAt: '18:00',
      endsAt: '22:00',
    });
    // Wednesday 18 November in Los Angeles; already Thursday, after hours, at the practice (New York).
    const at2100 = { id: randomUUID(), actorUserId: evening.id, clientId: randomUUID() };
    const at2330 = { id: randomUUID(), actorUserId: evening.id, clientId: randomUUID() };
    await stream([
      { ...at2100, occurredAt: new Date('2026-11-19T05:00:00Z') },
      { ...at2330, occurredAt: new Date('2026-11-19T07:30:00Z') },
    ]);
    expect((await detect()).alerts).toBe(1);
    expect(await alerts()).toEqual([
      expect.objectContaining({
        kind: 'after_hours_access',
        subject: evening.id,
        evidence: expect.objectContaining({ events: 1, firstEventId: at2330.id }),
      }),
    ]);
  });

  it('flags Sunday 10:00 when the practice is open Monday to Friday, and not Monday 10:00', async () => {
    await setSettings({ businessHours: { start: 7, end: 20 }, businessDays: [1, 2, 3, 4, 5] });
    const sunday = { id: randomUUID(), actorUserId: user, clientId: randomUUID() };
    await stream([
      { ...sunday, occurredAt: new Date('2026-11-22T15:00:00Z') },
      { actorUserId: user, clientId: randomUUID(), occurredAt: new Date('2026-11-23T15:00:00Z') },
    ]);
    expect((await detect()).alerts).toBe(1);
    expect(await alerts()).toEqual([
      expect.objectContaining({
        kind: 'after_hours_access',
        evidence: expect.objectContaining({ events: 1, firstEventId: sunday.id }),
      }),
    ]);
  });

  it("treats chart access during the person's time off as after hours, even on a weekday morning", async () => {
    await setSettings({ businessHours: { start: 7, end: 20 }, businessDays: [1, 2, 3, 4, 5] });
    await database.unsafeOwner.insert(timeOff).values({
      practiceId,
      clinicianId: user,
      startsAt: new Date('2026-11-16T05:00:00Z'),
      endsAt: new Date('2026-11-21T05:00:00Z'),
      reason: 'vacation',
    });
    const away = { id: randomUUID(), actorUserId: user, clientId: randomUUID() };
    await stream([
      // Tuesday 11:00 in New York, on vacation; the Monday after, back at work.
      { ...away, occurredAt: new Date('2026-11-17T16:00:00Z') },
      { actorUserId: user, clientId: randomUUID(), occurredAt: new Date('2026-11-23T16:00:00Z') },
    ]);
    expect((await detect()).alerts).toBe(1);
    expect(await alerts()).toEqual([
      expect.objectContaining({
        kind: 'after_hours_access',
        evidence: expect.objectContaining({ events: 1, duringTimeOff: 1, firstEventId: away.id }),
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

  it('flags one large export, and not one just under the limit', async () => {
    await stream([exported(999)]);
    expect((await detect()).alerts).toBe(0);
    await stream([exported(1_000)]);
    await detect();
    // Two exports in the window: under the count limit (3), so the size alone raised it.
    expect(await alerts()).toEqual([
      expect.objectContaining({
        kind: 'bulk_export',
        subject: user,
        evidence: expect.objectContaining({ largestExport: 1_000, exports: 2 }),
      }),
    ]);
  });

  it('flags many small exports by one person, and not one fewer', async () => {
    const other = (await createStaff(database, { id: practiceId }, 'admin')).id;
    await stream([exported(10), exported(10), exported(10, other)]);
    expect((await detect()).alerts).toBe(0);
    await stream([exported(10)]);
    await detect();
    expect(await alerts()).toEqual([
      expect.objectContaining({
        kind: 'bulk_export',
        subject: user,
        evidence: expect.objectContaining({ largestExport: 10, exports: 3 }),
      }),
    ]);
  });

  it('flags many client rows listed or searched within the window, not the outbox or one row fewer', async () => {
    const listed = (action: string, returned: number) => ({
      actorUserId: user,
      action,
      resourceType: 'client',
      details: { returned },
    });
    // 1,999 client rows (limit 2,000); the outbox screen's polling does not count.
    await stream([
      listed('client.list', 1_000),
      listed('client.search', 900),
      listed('waitlist.list', 99),
      listed('outbox.list', 5_000),
    ]);
    expect((await detect()).alerts).toBe(0);
    await stream([listed('client.list', 1)]);
    await detect();
    expect(await alerts()).toEqual([
      expect.objectContaining({
        kind: 'bulk_download',
        subject: user,
        evidence: expect.objectContaining({ rowsReturned: 2_000, limit: 2_000 }),
      }),
    ]);
  });

  it('flags many single records opened one by one, even within one chart, and not one fewer', async () => {
    const client = randomUUID();
    const opened = (action: string) => ({
      actorUserId: user,
      action,
      resourceType: 'note',
      clientId: client,
    });
    // 299 reads (limit 300) of one client's notes and plans: one client, so the distinct-clients
    // rule stays quiet; the writes in between are not reads.
    await stream([
      ...Array.from({ length: 250 }, () => opened('note.read')),
      ...Array.from({ length: 49 }, () => opened('treatment_plan.read')),
      ...Array.from({ length: 20 }, () => opened('note.updated')),
    ]);
    expect((await detect()).alerts).toBe(0);
    await stream([opened('note.read')]);
    await detect();
    expect(await alerts()).toEqual([
      expect.objectContaining({
        kind: 'bulk_download',
        subject: user,
        evidence: expect.objectContaining({ recordReads: 300 }),
      }),
    ]);
  });

  it('measures windows back from the events, so a backlog read days later still shows its bursts', async () => {
    // Three days ago, within one minute: 41 charts and five failed sign-ins on one account.
    // (Back-dated rows are sealed only in the first stream of a fresh database.)
    const then = Date.now() - 3 * 24 * 3_600_000;
    const account = randomUUID();
    await stream([
      ...reads(41).map((r, i) => ({ ...r, occurredAt: new Date(then + i * 1_000) })),
      ...Array.from({ length: 5 }, (_, i) => ({
        ...failed(account, '198.51.100.9'),
        occurredAt: new Date(then + i * 1_000),
      })),
    ]);
    await detect();
    expect((await alerts()).map((a) => a.kind).sort()).toEqual(['excessive_phi_access', 'failed_sign_ins']);
  });
});
