import { auditEvents, insurancePolicies } from '@mentalspace/db';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/build-test-app';
import { createClient, createPractice, createStaff } from '../../test/factories';

let t: TestApp;
let frontDesk: { id: string };
let biller: { id: string };
let clinician: { id: string };
let outsider: { id: string };
let client: { id: string };
let other: { id: string };

beforeAll(async () => {
  t = await buildTestApp();
  const practice = await createPractice(t.database);
  frontDesk = await createStaff(t.database, practice, 'front_desk');
  biller = await createStaff(t.database, practice, 'biller');
  clinician = await createStaff(t.database, practice, 'clinician');
  outsider = await createStaff(t.database, practice, 'clinician');
  client = await createClient(t.database, practice, { clinician });
  other = await createClient(t.database, practice, { clinician: outsider });
});
afterAll(async () => {
  await t.close();
});

const api = (as: { id: string }, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: t.as(as), ...(payload ? { payload } : {}) });

const policy = {
  payerName: 'Blue Cross Blue Shield of Texas',
  payerId: '84980',
  memberId: 'XQB 123-456-789',
  groupNumber: 'G-2201',
  subscriberName: 'Avery Bennett',
  subscriberRelationship: 'self',
  priority: 'primary',
  effectiveFrom: '2026-01-01',
};

describe('emergency contacts and guardians', () => {
  it('are added and removed by front desk, read by everyone on the chart, and need a way to reach them', async () => {
    const added = await api(frontDesk, 'POST', `/clients/${client.id}/contacts`, {
      kind: 'guardian',
      name: 'Jordan Bennett',
      relationship: 'Mother',
      phone: '+15125550123',
      email: '',
    });
    expect(added.statusCode).toBe(201);
    expect(added.json().items).toEqual([
      expect.objectContaining({ kind: 'guardian', name: 'Jordan Bennett', email: null }),
    ]);
    expect((await api(clinician, 'GET', `/clients/${client.id}/contacts`)).json().items).toHaveLength(1);
    const unreachable = await api(frontDesk, 'POST', `/clients/${client.id}/contacts`, {
      kind: 'emergency',
      name: 'No Way',
      relationship: 'Friend',
    });
    expect(unreachable.statusCode).toBe(400);
    expect(unreachable.json().errors[0].field).toBe('body.phone');
    expect(
      (
        await api(biller, 'POST', `/clients/${client.id}/contacts`, {
          kind: 'other',
          name: 'X',
          relationship: 'Y',
          phone: '1',
        })
      ).statusCode,
    ).toBe(403);
    const id = added.json().items[0].id as string;
    expect((await api(frontDesk, 'DELETE', `/clients/${client.id}/contacts/${id}`)).statusCode).toBe(204);
    expect((await api(frontDesk, 'DELETE', `/clients/${client.id}/contacts/${id}`)).statusCode).toBe(404);
  });
});

describe('insurance policies', () => {
  it('store the member id encrypted with a blind index, and find its holder by exact match only', async () => {
    const added = await api(biller, 'POST', `/clients/${client.id}/insurance`, policy);
    expect(added.statusCode).toBe(201);
    expect(added.json().items[0]).toMatchObject({
      memberId: 'XQB 123-456-789',
      priority: 'primary',
      active: true,
    });
    const [raw] = await t.database.unsafeOwner
      .select({ memberId: insurancePolicies.memberId, index: insurancePolicies.memberIdIndex })
      .from(insurancePolicies)
      .where(eq(insurancePolicies.clientId, client.id));
    expect(raw!.memberId).toMatch(/^phi1\./);
    expect(raw!.memberId).not.toContain('123');
    expect(raw!.index).not.toContain('123');

    for (const typed of ['XQB123456789', 'xqb-123-456-789']) {
      const found = await api(frontDesk, 'GET', `/insurance/lookup?memberId=${encodeURIComponent(typed)}`);
      expect(found.json().items).toEqual([
        expect.objectContaining({ clientId: client.id, payerName: policy.payerName, priority: 'primary' }),
      ]);
    }
    expect((await api(frontDesk, 'GET', '/insurance/lookup?memberId=XQB12345678')).json().items).toEqual([]);
    // A clinician finds only clients on their caseload.
    expect((await api(outsider, 'GET', '/insurance/lookup?memberId=XQB123456789')).json().items).toEqual([]);
    const lookups = await t.database.unsafeOwner
      .select({ id: auditEvents.id })
      .from(auditEvents)
      .where(
        and(eq(auditEvents.action, 'insurance.member_lookup'), eq(auditEvents.actorUserId, frontDesk.id)),
      );
    expect(lookups.length).toBe(3);
  });

  it('keep one active policy per priority, end into history, and refuse bad input', async () => {
    const second = await api(frontDesk, 'POST', `/clients/${other.id}/insurance`, {
      ...policy,
      memberId: 'ZZ998877',
    });
    expect(second.statusCode).toBe(201);
    const clash = await api(frontDesk, 'POST', `/clients/${other.id}/insurance`, {
      ...policy,
      memberId: 'ZZ000001',
    });
    expect(clash.statusCode).toBe(409);
    const id = second.json().items[0].id as string;
    const ended = await api(frontDesk, 'POST', `/clients/${other.id}/insurance/${id}/end`);
    expect(ended.json().items[0]).toMatchObject({ id, active: false });
    expect(
      (await api(frontDesk, 'POST', `/clients/${other.id}/insurance`, { ...policy, memberId: 'ZZ000001' }))
        .statusCode,
    ).toBe(201);
    const bad = await api(frontDesk, 'POST', `/clients/${other.id}/insurance`, {
      ...policy,
      priority: 'secondary',
      memberId: '<script>',
      effectiveFrom: '2026-05-01',
      effectiveTo: '2026-01-01',
    });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['body.effectiveTo', 'body.memberId']);
    expect((await api(clinician, 'GET', `/clients/${other.id}/insurance`)).statusCode).toBe(404);
  });
});
