import { auditEvents, clients } from '@mentalspace/db';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PhiCipher } from '../../security/encryption/phi-cipher';
import { buildTestApp, testPhiCipher, type TestApp } from '../../test/build-test-app';
import { createClients, createPractice, createStaff } from '../../test/factories';

type Staff = Awaited<ReturnType<typeof createStaff>>;

/** The real cipher, counting decryptions: a lookup must find its client without any. */
const decrypted = { count: 0 };
function countingCipher(): PhiCipher {
  const phi = testPhiCipher();
  return {
    get currentVersion() {
      return phi.currentVersion;
    },
    encrypt: (plaintext, boundTo) => phi.encrypt(plaintext, boundTo),
    decrypt: (sealed, boundTo) => {
      decrypted.count += 1;
      return phi.decrypt(sealed, boundTo);
    },
    versionOf: (sealed) => phi.versionOf(sealed),
    blindIndex: (value, purpose) => phi.blindIndex(value, purpose),
  };
}

let t: TestApp;
let practice: { id: string };
let owner: Staff;
let frontDesk: Staff;
let biller: Staff;
let clinician: Staff;
let colleague: Staff;
let superAdmin: Staff;
let elsewhere: { id: string };
let elsewhereDesk: Staff;

beforeAll(async () => {
  t = await buildTestApp({ phi: countingCipher() });
  practice = await createPractice(t.database);
  owner = await createStaff(t.database, practice, 'owner');
  frontDesk = await createStaff(t.database, practice, 'front_desk');
  biller = await createStaff(t.database, practice, 'biller');
  clinician = await createStaff(t.database, practice, 'clinician');
  colleague = await createStaff(t.database, practice, 'clinician');
  superAdmin = await createStaff(t.database, practice, 'super_admin');
  elsewhere = await createPractice(t.database);
  elsewhereDesk = await createStaff(t.database, elsewhere, 'front_desk');
});
afterAll(async () => {
  await t.close();
});

const register = (as: Staff, ssn: unknown, primaryClinicianId = clinician.id) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/clients',
    headers: t.as(as),
    payload: {
      legalFirstName: 'Marisol',
      legalLastName: 'Quintero',
      dateOfBirth: '1990-05-17',
      primaryClinicianId,
      ...(ssn === undefined ? {} : { ssn }),
    },
  });
const setSsn = (as: { id: string }, clientId: string, ssn: string | null) =>
  t.app.inject({
    method: 'PUT',
    url: `/api/v1/clients/${clientId}/ssn`,
    headers: t.as(as),
    payload: { ssn },
  });
const reveal = (as: { id: string }, clientId: string) =>
  t.app.inject({ method: 'POST', url: `/api/v1/clients/${clientId}/ssn/reveal`, headers: t.as(as) });
const lookup = (as: { id: string }, ssn: string) =>
  t.app.inject({ method: 'POST', url: '/api/v1/clients/ssn-lookup', headers: t.as(as), payload: { ssn } });
const chart = (as: { id: string }, clientId: string) =>
  t.app.inject({ url: `/api/v1/clients/${clientId}`, headers: t.as(as) });
const stored = async (clientId: string) =>
  (await t.database.unsafeOwner.select().from(clients).where(eq(clients.id, clientId)))[0]!;
const eventsFor = (clientId: string, action: string) =>
  t.database.unsafeOwner
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.resourceId, clientId), eq(auditEvents.action, action)));

/** Every SSN in these tests is a made-up but issuable number. */
const SSN = '212-48-6789';
/** Whole numbers only: ids and ciphertexts may contain any four digits by chance. */
const expectNoSsn = (text: string | null, ...numbers: string[]) => {
  for (const n of numbers) {
    expect(text).not.toContain(n);
    expect(text).not.toContain(n.replaceAll('-', ''));
  }
};

describe('SSN on the client record', () => {
  it('is sealed at rest with a blind index, and a chart read shows the last four digits only', async () => {
    const res = await register(frontDesk, SSN);
    expect(res.statusCode).toBe(201);
    const { id } = res.json();
    expect(res.json().ssnMasked).toBe('***-**-6789');
    const row = await stored(id);
    expect(row.ssn).toMatch(/^phi1\.1\./);
    expect(row.ssnIndex).toMatch(/^[\w-]{43}$/);
    expectNoSsn(`${row.ssn} ${row.ssnIndex}`, SSN);

    const read = await chart(clinician, id);
    expect(read.statusCode).toBe(200);
    expect(read.json().ssnMasked).toBe('***-**-6789');
    expectNoSsn(read.body, SSN);
    expect(read.json()).not.toHaveProperty('ssn');
    // A normal read is a normal read: no reveal is recorded.
    expect(await eventsFor(id, 'client.ssn_reveal')).toEqual([]);
    expect((await chart(clinician, (await register(frontDesk, undefined)).json().id)).json().ssnMasked).toBe(
      null,
    );
  });

  it('accepts 212-48-6789 and 212486789 alike, and refuses what was never issued with a 400 naming the field', async () => {
    const plain = await register(frontDesk, '212486789');
    expect(plain.statusCode).toBe(201);
    expect(plain.json().ssnMasked).toBe('***-**-6789');
    const client = plain.json().id as string;
    for (const [bad, says] of [
      ['21-248-6789', 'must be 9 digits'],
      ['2124867890', 'must be 9 digits'],
      ['212 48 6789', 'must be 9 digits'],
      ['000-48-6789', 'cannot begin with 000, 666 or 9'],
      ['666-48-6789', 'cannot begin with 000, 666 or 9'],
      ['912-48-6789', 'cannot begin with 000, 666 or 9'],
      ['212-00-6789', 'middle two digits'],
      ['212-48-0000', 'cannot end in 0000'],
    ] as const) {
      for (const res of [await register(frontDesk, bad), await setSsn(frontDesk, client, bad)]) {
        expect(res.statusCode, bad).toBe(400);
        expect(res.json().code).toBe('validation_failed');
        expect(res.json().errors).toEqual([{ field: 'body.ssn', message: expect.stringContaining(says) }]);
        // The refusal never repeats the number.
        expect(res.body).not.toContain(bad);
      }
      const search = await lookup(frontDesk, bad);
      expect(search.statusCode).toBe(400);
      expect(search.json().errors[0].field).toBe('body.ssn');
    }
  });

  it('reveals the full number as its own audited action, to the roles that work with it, never cached', async () => {
    const { id } = (await register(frontDesk, SSN)).json();
    for (const who of [frontDesk, biller, owner, clinician]) {
      const res = await reveal(who, id);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ ssn: SSN });
      expect(res.headers['cache-control']).toBe('no-store');
    }
    const events = await eventsFor(id, 'client.ssn_reveal');
    expect(events).toHaveLength(4);
    expect(events.map((e) => e.actorUserId).sort()).toEqual(
      [frontDesk, biller, owner, clinician].map((s) => s.id).sort(),
    );
    expect(events.every((e) => e.outcome === 'success' && e.clientId === id)).toBe(true);
    expectNoSsn(JSON.stringify(events), SSN);
    // Nothing on file: nothing to show, and the look is still recorded.
    const bare = (await register(frontDesk, undefined)).json().id as string;
    expect((await reveal(frontDesk, bare)).json()).toEqual({ ssn: null });
    expect(await eventsFor(bare, 'client.ssn_reveal')).toHaveLength(1);
  });

  it("answers 404 outside the caller's reach, 403 to a super admin and under emergency access, and audits each refusal", async () => {
    const { id } = (await register(frontDesk, SSN)).json();
    const foreign = (
      await register(elsewhereDesk, SSN, (await createStaff(t.database, elsewhere, 'clinician')).id)
    ).json().id as string;
    expect((await reveal(colleague, id)).statusCode).toBe(404);
    expect((await reveal(frontDesk, foreign)).statusCode).toBe(404);
    expect((await setSsn(colleague, id, null)).statusCode).toBe(404);

    const platform = await reveal(superAdmin, id);
    expect(platform.statusCode).toBe(403);
    expect(platform.json().detail).toBe('Your role does not work with SSNs');
    expect((await setSsn(superAdmin, id, SSN)).statusCode).toBe(403);
    expect((await register(superAdmin, SSN)).statusCode).toBe(403);
    expect((await lookup(superAdmin, SSN)).statusCode).toBe(403);

    const glass = await t.app.inject({
      method: 'POST',
      url: `/api/v1/clients/${id}/emergency-access`,
      headers: t.as(colleague),
      payload: { reason: 'Client called the crisis line; primary clinician unreachable' },
    });
    expect(glass.statusCode).toBe(201);
    expect((await chart(colleague, id)).json().ssnMasked).toBe('***-**-6789');
    const emergency = await reveal(colleague, id);
    expect(emergency.statusCode).toBe(403);
    expect(emergency.json().detail).toContain('Emergency access');
    expect((await lookup(colleague, SSN)).json().items).toEqual([]);

    const denied = (await eventsFor(id, 'client.ssn_reveal')).map((e) => [e.actorUserId, e.outcome]);
    expect(denied).toEqual(
      expect.arrayContaining([
        [colleague.id, 'denied'],
        [superAdmin.id, 'denied'],
      ]),
    );
  });

  it('sets, changes and removes the number with the index alongside, audited without it', async () => {
    const { id } = (await register(frontDesk, undefined)).json();
    const set = await setSsn(biller, id, SSN);
    expect(set.statusCode).toBe(200);
    expect(set.json().ssnMasked).toBe('***-**-6789');
    const changed = await setSsn(clinician, id, '212-48-1234');
    expect(changed.json().ssnMasked).toBe('***-**-1234');
    expect((await reveal(frontDesk, id)).json().ssn).toBe('212-48-1234');
    expect((await lookup(frontDesk, SSN)).json().items.map((c: { id: string }) => c.id)).not.toContain(id);
    const removed = await setSsn(frontDesk, id, null);
    expect(removed.json().ssnMasked).toBeNull();
    expect(await stored(id)).toMatchObject({ ssn: null, ssnIndex: null });
    const updates = await eventsFor(id, 'client.ssn_update');
    expect(updates.map((e) => e.details)).toEqual([
      { removed: false },
      { removed: false },
      { removed: true },
    ]);
    expectNoSsn(JSON.stringify(updates), SSN, '212-48-1234');
  });

  it('keeps the number bound to its client: moved to another client, it does not decrypt', async () => {
    const source = (await register(frontDesk, SSN)).json().id as string;
    const target = (await register(frontDesk, '212-48-1111')).json().id as string;
    const sealed = await stored(source);
    await t.database.unsafeOwner
      .update(clients)
      .set({ ssn: sealed.ssn, ssnIndex: sealed.ssnIndex })
      .where(eq(clients.id, target));
    for (const res of [await chart(frontDesk, target), await reveal(frontDesk, target)]) {
      expect(res.statusCode).toBe(500);
      expect(res.json().code).toBe('internal_error');
      expectNoSsn(res.body, SSN);
    }
    // The attempt stays on the record even though nothing could be shown.
    expect(await eventsFor(target, 'client.ssn_reveal')).toHaveLength(1);
    expect((await reveal(frontDesk, source)).json().ssn).toBe(SSN);
  });
});

describe('lookup by SSN', () => {
  it('finds exactly the one client through the blind index, not a client of another practice, decrypting nothing', async () => {
    const one = (await register(frontDesk, '345-67-8901')).json().id as string;
    await register(frontDesk, '345-67-8902');
    const foreign = (
      await register(elsewhereDesk, '345-67-8901', (await createStaff(t.database, elsewhere, 'clinician')).id)
    ).json().id as string;
    // The same number in two practices: unrelated index values.
    expect((await stored(foreign)).ssnIndex).not.toBe((await stored(one)).ssnIndex);

    decrypted.count = 0;
    const res = await lookup(frontDesk, '345678901');
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toEqual([expect.objectContaining({ id: one, legalLastName: 'Quintero' })]);
    expect(decrypted.count).toBe(0);
    expect(
      (await lookup(elsewhereDesk, '345-67-8901')).json().items.map((c: { id: string }) => c.id),
    ).toEqual([foreign]);
    expect((await lookup(frontDesk, '345-67-8999')).json().items).toEqual([]);
  });

  it("gives a clinician only their caseload's matches", async () => {
    const theirs = (await register(frontDesk, '456-78-9012', colleague.id)).json().id as string;
    expect((await lookup(clinician, '456-78-9012')).json().items).toEqual([]);
    expect((await lookup(colleague, '456-78-9012')).json().items.map((c: { id: string }) => c.id)).toEqual([
      theirs,
    ]);
  });

  it('is audited with what it found and never the number searched', async () => {
    const one = (await register(frontDesk, '567-89-0123')).json().id as string;
    const before = new Date();
    await lookup(frontDesk, '567-89-0123');
    await lookup(frontDesk, '567-89-0199');
    const events = await t.database.unsafeOwner
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'client.ssn_lookup'), eq(auditEvents.actorUserId, frontDesk.id)));
    const recent = events.filter((e) => e.occurredAt >= before);
    expect(recent.map((e) => [e.clientId, e.details])).toEqual([
      [one, { matches: 1 }],
      [null, { matches: 0 }],
    ]);
    expectNoSsn(JSON.stringify(recent), '567-89-0123', '567-89-0199');
  });

  it('runs the same statements for a practice with one SSN on file or many', async () => {
    const count = async (as: Staff, ssn: string) => {
      await lookup(as, ssn); // warm the test guard's cache
      t.database.queries.length = 0;
      expect((await lookup(as, ssn)).statusCode).toBe(200);
      return [...t.database.queries];
    };
    const big = await createPractice(t.database);
    const bigDesk = await createStaff(t.database, big, 'front_desk');
    const many = await createClients(t.database, big, 40);
    for (const [i, c] of many.entries()) await setSsn(bigDesk, c.id, `678-90-${String(1000 + i)}`);
    const small = await count(frontDesk, '678-90-1005');
    const large = await count(bigDesk, '678-90-1005');
    expect(large).toHaveLength(small.length);
    // Set the practice, one indexed select, one audit insert.
    expect(large.length).toBeLessThanOrEqual(3);
    expect(large.some((q) => q.includes('"ssn_index" ='))).toBe(true);
  });
});
