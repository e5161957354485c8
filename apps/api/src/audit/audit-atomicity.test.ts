import { auditEvents, clients } from '@mentalspace/db';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../test/build-test-app';
import { createPractice, createStaff } from '../test/factories';

let t: TestApp;
let frontDesk: { id: string };
let clinician: { id: string };

beforeAll(async () => {
  t = await buildTestApp();
  const practice = await createPractice(t.database);
  frontDesk = await createStaff(t.database, practice, 'front_desk');
  clinician = await createStaff(t.database, practice, 'clinician');
});
afterAll(async () => {
  await t.close();
});

const register = (lastName: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/clients',
    headers: t.as(frontDesk),
    payload: {
      legalFirstName: 'Atomic',
      legalLastName: lastName,
      dateOfBirth: '1991-02-03',
      primaryClinicianId: clinician.id,
    },
  });
const clientsNamed = (lastName: string) =>
  t.database.unsafeOwner.select({ id: clients.id }).from(clients).where(eq(clients.legalLastName, lastName));

describe('an action and its audit event commit together or not at all', () => {
  it('leaves no action behind when its audit event cannot be written', async () => {
    await t.database.unsafeOwner.execute(sql`revoke insert on audit_events from mentalspace_app`);
    try {
      const res = await register('NoEvent');
      expect(res.statusCode).toBe(500);
      expect(res.json().code).toBe('internal_error');
    } finally {
      await t.database.unsafeOwner.execute(sql`grant insert on audit_events to mentalspace_app`);
    }
    expect(await clientsNamed('NoEvent')).toEqual([]);
  });

  it('leaves no event behind when the transaction fails at commit, after the event was written', async () => {
    // A crash at the last moment: a deferred check that fails only when the transaction commits.
    await t.database.unsafeOwner
      .execute(sql`create function fail_at_commit() returns trigger language plpgsql as $$
      begin raise exception 'simulated crash at commit'; end $$`);
    await t.database.unsafeOwner
      .execute(sql`create constraint trigger crash_at_commit after insert on audit_events
      deferrable initially deferred for each row when (new.action = 'client.create')
      execute function fail_at_commit()`);
    try {
      const before = await t.database.unsafeOwner
        .select({ id: auditEvents.id })
        .from(auditEvents)
        .where(eq(auditEvents.action, 'client.create'));
      const res = await register('CrashAtCommit');
      expect(res.statusCode).toBe(500);
      expect(await clientsNamed('CrashAtCommit')).toEqual([]);
      const after = await t.database.unsafeOwner
        .select({ id: auditEvents.id })
        .from(auditEvents)
        .where(eq(auditEvents.action, 'client.create'));
      expect(after).toEqual(before);
    } finally {
      await t.database.unsafeOwner.execute(sql`drop trigger crash_at_commit on audit_events`);
      await t.database.unsafeOwner.execute(sql`drop function fail_at_commit()`);
    }
    // And with the check gone, the same request commits both.
    expect((await register('CrashAtCommit')).statusCode).toBe(201);
    expect(await clientsNamed('CrashAtCommit')).toHaveLength(1);
  });
});
