import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unsafeSeedDemoPractice, zonedTime } from './seed/demo';
import { appointments, auditEvents, clients, practices, users } from './schema/index';
import { openTestDatabase, type TestDatabase } from './testing/test-database';

let database: TestDatabase;
let practiceA: string;
let practiceB: string;

beforeAll(async () => {
  database = await openTestDatabase();
  const [a] = await database.unsafeOwner.insert(practices).values({ name: 'A', timeZone: 'UTC' }).returning();
  const [b] = await database.unsafeOwner.insert(practices).values({ name: 'B', timeZone: 'UTC' }).returning();
  practiceA = a!.id;
  practiceB = b!.id;
  for (const practiceId of [practiceA, practiceB]) {
    await database.unsafeOwner.insert(clients).values({
      practiceId,
      legalFirstName: 'Pat',
      legalLastName: `Of ${practiceId}`,
      dateOfBirth: '1980-02-02',
    });
  }
});

afterAll(async () => {
  await database.close();
});

describe('row-level security', () => {
  it('is enabled, with a policy and a grant to the application role, on every table holding practice_id', async () => {
    const result = await database.unsafeOwner.execute(sql`
      select c.relname as table, c.relrowsecurity as rls,
        exists (select 1 from pg_policies p where p.tablename = c.relname) as policy,
        has_table_privilege('mentalspace_app', c.oid, 'select') as granted
      from pg_class c
      join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
      where c.relkind = 'r'
        and (exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'practice_id' and not a.attisdropped)
             or c.relname = 'practices')`);
    const rows = (result as { rows: { table: string; rls: boolean; policy: boolean; granted: boolean }[] })
      .rows;
    expect(rows.length).toBeGreaterThanOrEqual(13);
    expect(rows.filter((r) => !r.rls || !r.policy || !r.granted)).toEqual([]);
  });

  it("shows a transaction only its own practice's rows, whatever the query asks for", async () => {
    const seen = await database.inPractice(practiceA, (tx) => tx.select().from(clients));
    expect(seen.map((c) => c.practiceId)).toEqual([practiceA]);
    const none = await database.inPractice('01a203ea-0000-7000-8000-000000000000', (tx) =>
      tx.select().from(practices),
    );
    expect(none).toEqual([]);
  });

  it('refuses to write a row into another practice', async () => {
    await expect(
      database.inPractice(practiceA, (tx) =>
        tx.insert(clients).values({
          practiceId: practiceB,
          legalFirstName: 'X',
          legalLastName: 'Y',
          dateOfBirth: '1990-01-01',
        }),
      ),
    ).rejects.toMatchObject({ cause: expect.objectContaining({ code: '42501' }) });
  });

  it('cannot see any practice when none is set', async () => {
    const rows = await database.unsafeOwner.transaction(async (tx) => {
      await tx.execute(sql`select set_config('role', 'mentalspace_app', true)`);
      return tx.select().from(clients);
    });
    expect(rows).toEqual([]);
  });

  it('gives the application role no DELETE on clinical records and no change to audit events', async () => {
    await expect(database.inPractice(practiceA, (tx) => tx.delete(clients))).rejects.toMatchObject({
      cause: expect.objectContaining({ code: '42501' }),
    });
    await database.inPractice(practiceA, (tx) =>
      tx.insert(auditEvents).values({ practiceId: practiceA, action: 'client.read', resourceType: 'client' }),
    );
    await expect(
      database.inPractice(practiceA, (tx) => tx.update(auditEvents).set({ action: 'client.list' })),
    ).rejects.toMatchObject({ cause: expect.objectContaining({ code: '42501' }) });
  });

  it('refuses to change or delete audit events even for the table owner', async () => {
    await expect(database.unsafeOwner.delete(auditEvents)).rejects.toMatchObject({
      cause: expect.objectContaining({ message: expect.stringContaining('append-only') }),
    });
    await expect(database.unsafeOwner.update(auditEvents).set({ action: 'x.read' })).rejects.toBeTruthy();
  });
});

describe('appointment invariants', () => {
  let clinicianId: string;
  let clientId: string;
  const start = new Date('2026-12-01T15:00:00Z');
  const plus = (minutes: number) => new Date(start.getTime() + minutes * 60_000);

  beforeAll(async () => {
    const [u] = await database.unsafeOwner
      .insert(users)
      .values({
        practiceId: practiceA,
        email: 'dbtest@example.test',
        firstName: 'D',
        lastName: 'B',
        role: 'clinician',
        timeZone: 'UTC',
      })
      .returning();
    clinicianId = u!.id;
    const [c] = await database.inPractice(practiceA, (tx) => tx.select().from(clients));
    clientId = c!.id;
  });

  const book = (startsAt: Date, endsAt: Date, status: 'scheduled' | 'cancelled' = 'scheduled') =>
    database.inPractice(practiceA, (tx) =>
      tx
        .insert(appointments)
        .values({
          practiceId: practiceA,
          clinicianId,
          clientId,
          startsAt,
          endsAt,
          status,
          modality: 'in_person',
        })
        .returning(),
    );

  it('refuses to double-book a clinician, in the database itself', async () => {
    await book(start, plus(50));
    await expect(book(plus(30), plus(80))).rejects.toMatchObject({
      cause: expect.objectContaining({ code: '23P01' }),
    });
  });

  it('allows back-to-back sessions and rebooking over a cancelled one', async () => {
    await expect(book(plus(50), plus(100))).resolves.toHaveLength(1);
    await book(plus(200), plus(250), 'cancelled');
    await expect(book(plus(200), plus(250))).resolves.toHaveLength(1);
  });

  it('refuses an appointment that ends before it starts', async () => {
    await expect(book(plus(500), plus(400))).rejects.toMatchObject({
      cause: expect.objectContaining({ code: '23514' }),
    });
  });
});

describe('migrations and the demo seed', () => {
  it('applies migrations idempotently', async () => {
    await expect(database.migrate()).resolves.toBeUndefined();
  });

  it('creates the demo practice once, with staff, clients and appointments', async () => {
    const today = new Date('2026-11-18T12:00:00Z');
    const first = await unsafeSeedDemoPractice(database, today);
    const second = await unsafeSeedDemoPractice(database, today);
    expect(first.created).toBe(true);
    expect(second).toMatchObject({ created: false, practiceId: first.practiceId });
    const counts = await database.inPractice(first.practiceId, async (tx) => ({
      staff: (await tx.select().from(users)).length,
      clients: (await tx.select().from(clients)).length,
      appointments: (await tx.select().from(appointments)).length,
    }));
    expect(counts.staff).toBe(first.users.length);
    expect(counts.clients).toBeGreaterThanOrEqual(20);
    expect(counts.appointments).toBeGreaterThan(50);
  });
});

describe('zonedTime', () => {
  it('places a wall-clock time in its zone on both sides of a daylight-saving change', () => {
    expect(zonedTime(new Date('2026-10-30T00:00:00Z'), 9, 0, 'America/Chicago').toISOString()).toBe(
      '2026-10-30T14:00:00.000Z',
    );
    expect(zonedTime(new Date('2026-11-02T00:00:00Z'), 9, 0, 'America/Chicago').toISOString()).toBe(
      '2026-11-02T15:00:00.000Z',
    );
  });
});
