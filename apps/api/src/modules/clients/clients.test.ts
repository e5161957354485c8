import type { ClientList } from '@mentalspace/contracts';
import { auditEvents, clientClinicians, clients } from '@mentalspace/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/build-test-app';
import { createClient, createClients, createPractice, createStaff } from '../../test/factories';

let t: TestApp;
let practice: Awaited<ReturnType<typeof createPractice>>;
let owner: Awaited<ReturnType<typeof createStaff>>;
let clinician: Awaited<ReturnType<typeof createStaff>>;
let otherClinician: Awaited<ReturnType<typeof createStaff>>;
let biller: Awaited<ReturnType<typeof createStaff>>;
let mine: Awaited<ReturnType<typeof createClient>>;
let theirs: Awaited<ReturnType<typeof createClient>>;
let foreign: Awaited<ReturnType<typeof createClient>>;

beforeAll(async () => {
  t = await buildTestApp();
  practice = await createPractice(t.database);
  owner = await createStaff(t.database, practice, 'owner');
  clinician = await createStaff(t.database, practice, 'clinician');
  otherClinician = await createStaff(t.database, practice, 'clinician');
  biller = await createStaff(t.database, practice, 'biller');
  mine = await createClient(t.database, practice, {
    clinician,
    overrides: { legalFirstName: 'Rosalind', legalLastName: 'Abernathy', preferredName: 'Roz' },
  });
  theirs = await createClient(t.database, practice, {
    clinician: otherClinician,
    overrides: { legalFirstName: 'Theodore', legalLastName: 'Zimmerman' },
  });
  const otherPractice = await createPractice(t.database);
  const otherOwner = await createStaff(t.database, otherPractice, 'clinician');
  foreign = await createClient(t.database, otherPractice, {
    clinician: otherOwner,
    overrides: { legalFirstName: 'Rosalind', legalLastName: 'Foreign' },
  });
});

afterAll(async () => {
  await t.close();
});

const auditFor = (resourceId: string) =>
  t.database.unsafeOwner.select().from(auditEvents).where(eq(auditEvents.resourceId, resourceId));

describe('GET /api/v1/clients/:id', () => {
  it('returns the chart header with the assigned clinicians and audits the read', async () => {
    const res = await t.app.inject({ url: `/api/v1/clients/${mine.id}`, headers: t.as(clinician) });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      id: mine.id,
      legalFirstName: 'Rosalind',
      preferredName: 'Roz',
      status: 'active',
    });
    expect(body.clinicians).toEqual([expect.objectContaining({ id: clinician.id, assignment: 'primary' })]);
    expect(body).not.toHaveProperty('searchText');
    expect(body).not.toHaveProperty('practiceId');
    const events = await auditFor(mine.id);
    expect(events).toEqual([
      expect.objectContaining({
        action: 'client.read',
        outcome: 'success',
        actorUserId: clinician.id,
        clientId: mine.id,
      }),
    ]);
    expect(events[0]?.requestId).toBe(res.headers['x-request-id']);
  });

  it("answers 404 for a colleague's client outside the clinician's caseload, and audits the denial", async () => {
    const res = await t.app.inject({ url: `/api/v1/clients/${theirs.id}`, headers: t.as(clinician) });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code: 'not_found', status: 404 });
    const denied = (await auditFor(theirs.id)).filter((e) => e.actorUserId === clinician.id);
    expect(denied).toEqual([expect.objectContaining({ outcome: 'denied', clientId: null })]);
  });

  it("answers 404 for another practice's client, even to the owner, exactly like a missing id", async () => {
    const foreignRes = await t.app.inject({ url: `/api/v1/clients/${foreign.id}`, headers: t.as(owner) });
    const missingRes = await t.app.inject({
      url: '/api/v1/clients/01a203ea-0000-7000-8000-000000000000',
      headers: t.as(owner),
    });
    expect(foreignRes.statusCode).toBe(404);
    expect(missingRes.statusCode).toBe(404);
    const strip = (b: Record<string, unknown>) => ({ ...b, requestId: undefined, instance: undefined });
    expect(strip(foreignRes.json())).toEqual(strip(missingRes.json()));
  });

  it('lets the owner read any client of the practice', async () => {
    const res = await t.app.inject({ url: `/api/v1/clients/${theirs.id}`, headers: t.as(owner) });
    expect(res.statusCode).toBe(200);
  });

  it('answers 400 naming the field for an id that is not a UUID', async () => {
    const res = await t.app.inject({ url: '/api/v1/clients/42', headers: t.as(owner) });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'validation_failed', errors: [{ field: 'params.id' }] });
  });
});

describe('GET /api/v1/clients', () => {
  it("lists only the clinician's caseload", async () => {
    const res = await t.app.inject({ url: '/api/v1/clients', headers: t.as(clinician) });
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((c: { id: string }) => c.id)).toEqual([mine.id]);
  });

  it('searches by any part of the legal or preferred name, case-insensitively, within the practice', async () => {
    const byFirst = await t.app.inject({ url: '/api/v1/clients?q=rosa', headers: t.as(owner) });
    expect(byFirst.json().items.map((c: { id: string }) => c.id)).toEqual([mine.id]);
    const byPreferred = await t.app.inject({ url: '/api/v1/clients?q=ROZ', headers: t.as(owner) });
    expect(byPreferred.json().items.map((c: { id: string }) => c.id)).toEqual([mine.id]);
    const wildcard = await t.app.inject({ url: '/api/v1/clients?q=%25', headers: t.as(owner) });
    expect(wildcard.json().items).toEqual([]);
  });

  it('filters by status', async () => {
    const res = await t.app.inject({ url: '/api/v1/clients?status=discharged', headers: t.as(owner) });
    expect(res.json().items).toEqual([]);
  });

  it('rejects unknown and malformed query fields with 400 naming each', async () => {
    const res = await t.app.inject({ url: '/api/v1/clients?limit=0&colour=red', headers: t.as(owner) });
    expect(res.statusCode).toBe(400);
    const fields = res.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toContain('query.limit');
    expect(fields.join(' ')).toContain('colour');
  });

  it('rejects a forged cursor with 400', async () => {
    const forged = Buffer.from('["a","b","not-a-uuid"]').toString('base64url');
    const res = await t.app.inject({ url: `/api/v1/clients?cursor=${forged}`, headers: t.as(owner) });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([expect.objectContaining({ field: 'query.cursor' })]);
  });
});

describe('paging and query counts', () => {
  let big: Awaited<ReturnType<typeof createPractice>>;
  let bigOwner: Awaited<ReturnType<typeof createStaff>>;

  beforeAll(async () => {
    big = await createPractice(t.database);
    bigOwner = await createStaff(t.database, big, 'owner');
    await createClients(t.database, big, 57);
  });

  it('walks every client exactly once with keyset cursors', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = `/api/v1/clients?limit=10${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await t.app.inject({
        url,
        headers: t.as(bigOwner),
      });
      expect(res.statusCode).toBe(200);
      const body = res.json<ClientList>();
      seen.push(...body.items.map((c) => c.id));
      cursor = body.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(6);
    expect(seen).toHaveLength(57);
    expect(new Set(seen).size).toBe(57);
  });

  it('runs the same number of queries for the first page, a deep page, a small practice and a large one', async () => {
    const count = async (url: string, user: { id: string }) => {
      await t.app.inject({ url, headers: t.as(user) }); // warm the guard's cache
      t.database.queries.length = 0;
      const res = await t.app.inject({ url, headers: t.as(user) });
      expect(res.statusCode).toBe(200);
      return t.database.queries.length;
    };
    const first = await count('/api/v1/clients?limit=5', bigOwner);
    const page = (await t.app.inject({ url: '/api/v1/clients?limit=50', headers: t.as(bigOwner) })).json();
    const deep = await count(`/api/v1/clients?limit=5&cursor=${page.nextCursor}`, bigOwner);
    const small = await count('/api/v1/clients?limit=5', clinician);
    expect(first).toBe(deep);
    expect(first).toBe(small);
    // set the practice + select + audit insert
    expect(first).toBeLessThanOrEqual(3);
  });
});

describe('POST /api/v1/clients', () => {
  const valid = {
    legalFirstName: 'Imogen',
    legalLastName: 'Castellanos',
    dateOfBirth: '1994-03-02',
    pronouns: 'she/her',
  };

  it("registers a client into the clinician's own caseload, with the assignment and audit in one go", async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/clients',
      headers: t.as(clinician),
      payload: valid,
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(res.headers.location).toBe(`/api/v1/clients/${body.id}`);
    expect(body).toMatchObject({
      legalFirstName: 'Imogen',
      status: 'active',
      clinicians: [{ id: clinician.id }],
    });
    const events = await auditFor(body.id);
    expect(events.map((e) => e.action).sort()).toEqual(['client.create', 'client.read']);
  });

  it('lets the front desk register a client for a named clinician', async () => {
    const frontDesk = await createStaff(t.database, practice, 'front_desk');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/clients',
      headers: t.as(frontDesk),
      payload: { ...valid, primaryClinicianId: otherClinician.id },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().clinicians).toEqual([expect.objectContaining({ id: otherClinician.id })]);
  });

  it('refuses a biller with 403', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/clients',
      headers: t.as(biller),
      payload: { ...valid, primaryClinicianId: clinician.id },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('forbidden');
  });

  it('leaves nothing behind when the named clinician belongs to another practice', async () => {
    const before = await t.database.unsafeOwner.select({ id: clients.id }).from(clients);
    const beforeAssignments = await t.database.unsafeOwner.select().from(clientClinicians);
    const otherPractice = await createPractice(t.database);
    const outsider = await createStaff(t.database, otherPractice, 'clinician');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/clients',
      headers: t.as(owner),
      payload: { ...valid, primaryClinicianId: outsider.id },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([expect.objectContaining({ field: 'body.primaryClinicianId' })]);
    expect(await t.database.unsafeOwner.select({ id: clients.id }).from(clients)).toHaveLength(before.length);
    expect(await t.database.unsafeOwner.select().from(clientClinicians)).toHaveLength(
      beforeAssignments.length,
    );
  });

  it('rejects unknown fields, wrong types and impossible dates with 400 naming each field', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/clients',
      headers: t.as(clinician),
      payload: { ...valid, legalFirstName: 42, dateOfBirth: '2999-01-01', isAdmin: true },
    });
    expect(res.statusCode).toBe(400);
    const fields = res.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['body.legalFirstName', 'body.dateOfBirth']));
    expect(fields.join(' ')).toContain('isAdmin');
  });

  it('answers 400 for malformed JSON, 415 for another content type and 413 for an oversized body', async () => {
    const malformed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/clients',
      headers: { ...t.as(clinician), 'content-type': 'application/json' },
      payload: '{"legalFirstName": ',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().code).toBe('validation_failed');
    const xml = await t.app.inject({
      method: 'POST',
      url: '/api/v1/clients',
      headers: { ...t.as(clinician), 'content-type': 'application/xml' },
      payload: '<client/>',
    });
    expect(xml.statusCode).toBe(415);
    expect(xml.json().code).toBe('unsupported_media_type');
    const huge = await t.app.inject({
      method: 'POST',
      url: '/api/v1/clients',
      headers: t.as(clinician),
      payload: { ...valid, preferredName: 'x'.repeat(2_000_000) },
    });
    expect(huge.statusCode).toBe(413);
    expect(huge.json().code).toBe('payload_too_large');
  });
});
