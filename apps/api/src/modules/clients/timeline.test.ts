import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/build-test-app';
import { createAppointment, createClient, createPractice, createStaff } from '../../test/factories';

let t: TestApp;
let clinician: { id: string };
let frontDesk: { id: string };
let outsider: { id: string };
let client: { id: string };

beforeAll(async () => {
  t = await buildTestApp();
  const practice = await createPractice(t.database);
  clinician = await createStaff(t.database, practice, 'clinician');
  frontDesk = await createStaff(t.database, practice, 'front_desk');
  outsider = await createStaff(t.database, practice, 'clinician');
  client = await createClient(t.database, practice, { clinician });
  await createAppointment(t.database, practice, {
    clinician,
    client,
    startsAt: new Date('2026-01-05T15:00:00Z'),
  });
  const api = (as: { id: string }, url: string, payload: object) =>
    t.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: t.as(as), payload });
  await api(clinician, `/clients/${client.id}/diagnoses`, { code: 'F41.1' });
  await api(clinician, `/clients/${client.id}/notes`, {
    type: 'contact',
    template: 'contact',
    serviceDate: '2026-01-06',
    content: { sections: { method: 'Phone', summary: 'Private words about the family' } },
  });
  await api(clinician, `/clients/${client.id}/measures`, {
    instrumentId: 'gad7',
    answers: { '1': 2, '2': 2, '3': 2, '4': 2, '5': 1, '6': 1, '7': 1 },
  });
  await api(frontDesk, `/clients/${client.id}/consents`, {
    documentId: 'privacy_notice',
    documentVersion: 1,
    signerName: 'Client Name',
  });
});
afterAll(async () => {
  await t.close();
});

const timeline = (as: { id: string }, query = '') =>
  t.app.inject({ url: `/api/v1/clients/${client.id}/timeline${query}`, headers: t.as(as) });

describe('the chart timeline', () => {
  it('lists every kind of event newest first, never a note’s words, and measures only for clinical roles', async () => {
    const res = await timeline(clinician);
    expect(res.statusCode).toBe(200);
    const items = res.json().items as {
      kind: string;
      title: string;
      detail: string;
      at: string;
      href: string | null;
    }[];
    expect(items.map((i) => i.kind).sort()).toEqual([
      'appointment',
      'consent',
      'diagnosis',
      'measure',
      'note',
    ]);
    expect([...items].sort((a, b) => b.at.localeCompare(a.at))).toEqual(items);
    expect(items.find((i) => i.kind === 'measure')).toMatchObject({
      title: 'GAD-7',
      detail: '11 · Moderate',
    });
    expect(items.find((i) => i.kind === 'note')).toMatchObject({ title: 'Contact note', detail: 'draft' });
    expect(items.find((i) => i.kind === 'note')!.href).toMatch(/^\/notes\//);
    expect(JSON.stringify(items)).not.toContain('Private words');
    const desk = (await timeline(frontDesk)).json().items as { kind: string }[];
    expect(desk.map((i) => i.kind)).not.toContain('measure');
    expect(desk).toHaveLength(4);
  });

  it('pages by keyset and refuses outsiders and forged cursors', async () => {
    const first = await timeline(clinician, '?limit=2');
    expect(first.json().items).toHaveLength(2);
    const second = await timeline(clinician, `?limit=2&cursor=${first.json().nextCursor}`);
    const third = await timeline(clinician, `?limit=2&cursor=${second.json().nextCursor}`);
    const ids = [...first.json().items, ...second.json().items, ...third.json().items].map(
      (i: { id: string }) => i.id,
    );
    expect(new Set(ids).size).toBe(5);
    expect(third.json().nextCursor).toBeNull();
    expect((await timeline(clinician, '?cursor=bm90LWEtY3Vyc29y')).statusCode).toBe(400);
    expect((await timeline(outsider)).statusCode).toBe(404);
  });
});
