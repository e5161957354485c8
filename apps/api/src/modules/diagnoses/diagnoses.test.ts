import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/build-test-app';
import { createClient, createPractice, createStaff } from '../../test/factories';

let t: TestApp;
let clinician: { id: string };
let biller: { id: string };
let outsider: { id: string };
let client: { id: string };

beforeAll(async () => {
  t = await buildTestApp();
  const practice = await createPractice(t.database);
  clinician = await createStaff(t.database, practice, 'clinician');
  biller = await createStaff(t.database, practice, 'biller');
  outsider = await createStaff(t.database, practice, 'clinician');
  client = await createClient(t.database, practice, { clinician });
});
afterAll(async () => {
  await t.close();
});

const api = (as: { id: string }, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: t.as(as), ...(payload ? { payload } : {}) });

describe('ICD-10-CM codes', () => {
  it('are found by code (with or without the dot) and by words in any order', async () => {
    const byCode = (await api(clinician, 'GET', '/diagnosis-codes?q=F41.1')).json().items;
    expect(byCode[0]).toEqual({ code: 'F41.1', description: 'Generalized anxiety disorder' });
    expect((await api(clinician, 'GET', '/diagnosis-codes?q=f411')).json().items[0].code).toBe('F41.1');
    const words = (await api(clinician, 'GET', '/diagnosis-codes?q=stress%20chronic%20post-traumatic')).json()
      .items;
    expect(words.map((c: { code: string }) => c.code)).toEqual(['F43.12']);
    const z = (await api(clinician, 'GET', '/diagnosis-codes?q=partner')).json().items;
    expect(z.map((c: { code: string }) => c.code)).toContain('Z63.0');
    expect((await api(clinician, 'GET', '/diagnosis-codes?q=%25')).json().items).toEqual([]);
    expect((await api(clinician, 'GET', '/diagnosis-codes?q=')).statusCode).toBe(400);
  });
});

describe('a client’s diagnoses', () => {
  it('are added in order, one made principal moves the others down, and resolved ones go last', async () => {
    await api(clinician, 'POST', `/clients/${client.id}/diagnoses`, {
      code: 'F41.1',
      onsetDate: '2025-03-01',
    });
    const second = await api(clinician, 'POST', `/clients/${client.id}/diagnoses`, {
      code: 'f33.1',
      principal: true,
    });
    expect(second.statusCode).toBe(201);
    expect(second.json().items.map((d: { code: string; rank: number }) => [d.code, d.rank])).toEqual([
      ['F33.1', 1],
      ['F41.1', 2],
    ]);
    const gad = second.json().items[1].id as string;
    const third = await api(clinician, 'POST', `/clients/${client.id}/diagnoses`, {
      code: 'Z63.0',
      status: 'active',
    });
    expect(third.json().items.map((d: { code: string }) => d.code)).toEqual(['F33.1', 'F41.1', 'Z63.0']);
    const promoted = await api(clinician, 'PATCH', `/clients/${client.id}/diagnoses/${gad}`, {
      principal: true,
    });
    expect(promoted.json().items.map((d: { code: string }) => d.code)).toEqual(['F41.1', 'F33.1', 'Z63.0']);
    const resolved = await api(
      clinician,
      'PATCH',
      `/clients/${client.id}/diagnoses/${third.json().items[2].id}`,
      { status: 'resolved' },
    );
    expect(resolved.json().items.at(-1)).toMatchObject({ code: 'Z63.0', status: 'resolved' });
    expect((await api(biller, 'GET', `/clients/${client.id}/diagnoses`)).json().items).toHaveLength(3);
  });

  it('refuses unknown and malformed codes, duplicates, billers writing, a resolved principal, and outsiders', async () => {
    const unknown = await api(clinician, 'POST', `/clients/${client.id}/diagnoses`, { code: 'F99.99' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors).toEqual([expect.objectContaining({ field: 'body.code' })]);
    const malformed = await api(clinician, 'POST', `/clients/${client.id}/diagnoses`, { code: 'depression' });
    expect(malformed.json().errors).toEqual([expect.objectContaining({ field: 'body.code' })]);
    const dup = await api(clinician, 'POST', `/clients/${client.id}/diagnoses`, { code: 'F41.1' });
    expect(dup.statusCode).toBe(409);
    expect(
      (await api(biller, 'POST', `/clients/${client.id}/diagnoses`, { code: 'F43.10' })).statusCode,
    ).toBe(403);
    const list = (await api(clinician, 'GET', `/clients/${client.id}/diagnoses`)).json().items;
    const resolvedOne = list.find((d: { status: string }) => d.status === 'resolved');
    const bad = await api(clinician, 'PATCH', `/clients/${client.id}/diagnoses/${resolvedOne.id}`, {
      principal: true,
    });
    expect(bad.statusCode).toBe(400);
    expect(
      (await api(clinician, 'PATCH', `/clients/${client.id}/diagnoses/${resolvedOne.id}`, {})).statusCode,
    ).toBe(400);
    expect((await api(outsider, 'GET', `/clients/${client.id}/diagnoses`)).statusCode).toBe(404);
    expect(
      (await api(outsider, 'POST', `/clients/${client.id}/diagnoses`, { code: 'F43.10' })).statusCode,
    ).toBe(404);
  });
});
