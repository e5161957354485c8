import { auditEvents, psychotherapyNotes } from '@mentalspace/db';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/build-test-app';
import { createClient, createPractice, createStaff, createSupervision } from '../../test/factories';

let t: TestApp;
let practice: { id: string };
let author: { id: string };
let supervisor: { id: string };
let owner: { id: string };
let colleague: { id: string };
let client: { id: string };

beforeAll(async () => {
  t = await buildTestApp();
  practice = await createPractice(t.database);
  author = await createStaff(t.database, practice, 'clinician');
  supervisor = await createStaff(t.database, practice, 'supervisor');
  owner = await createStaff(t.database, practice, 'owner');
  colleague = await createStaff(t.database, practice, 'clinician');
  await createSupervision(t.database, practice, supervisor, author);
  client = await createClient(t.database, practice, { clinician: author });
  await t.app.inject({
    method: 'PUT',
    url: `/api/v1/clients/${client.id}/clinicians/${colleague.id}`,
    headers: t.as(owner),
    payload: { assignment: 'secondary' },
  });
});
afterAll(async () => {
  await t.close();
});

const api = (as: { id: string }, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: t.as(as), ...(payload ? { payload } : {}) });

describe('psychotherapy notes', () => {
  it('are their author’s alone: supervisor, owner and a colleague on the case neither list nor open them', async () => {
    const created = await api(author, 'POST', `/clients/${client.id}/psychotherapy-notes`, {
      serviceDate: '2026-11-20',
      body: 'Process notes: transference themes around the father.',
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    expect((await api(author, 'GET', `/psychotherapy-notes/${id}`)).json().body).toContain('transference');
    expect((await api(author, 'GET', `/clients/${client.id}/psychotherapy-notes`)).json().items).toHaveLength(
      1,
    );
    for (const other of [supervisor, owner, colleague]) {
      expect((await api(other, 'GET', `/psychotherapy-notes/${id}`)).statusCode).toBe(404);
      const list = await api(other, 'GET', `/clients/${client.id}/psychotherapy-notes`);
      expect(list.statusCode).toBe(200);
      expect(list.json().items).toEqual([]);
      expect(
        (
          await api(other, 'PUT', `/psychotherapy-notes/${id}`, {
            serviceDate: '2026-11-20',
            body: 'x',
            version: 1,
          })
        ).statusCode,
      ).toBe(404);
    }
    const denied = await t.database.unsafeOwner
      .select({ actor: auditEvents.actorUserId })
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.resourceId, id),
          eq(auditEvents.action, 'psychotherapy_note.read'),
          eq(auditEvents.outcome, 'denied'),
        ),
      );
    expect(denied).toHaveLength(3);
  });

  it('never appear in the chart’s notes, and row-level security hides them from any query that does not name the author', async () => {
    await api(author, 'POST', `/clients/${client.id}/psychotherapy-notes`, {
      serviceDate: '2026-11-21',
      body: 'Private.',
    });
    const chart = await api(author, 'GET', `/clients/${client.id}/notes`);
    expect(chart.json().items).toEqual([]);
    const seen = await t.database.inPractice(practice.id, (tx) =>
      tx.select({ id: psychotherapyNotes.id }).from(psychotherapyNotes),
    );
    expect(seen).toEqual([]);
    const [raw] = await t.database.unsafeOwner
      .select({ body: psychotherapyNotes.body })
      .from(psychotherapyNotes)
      .limit(1);
    expect(raw!.body).toMatch(/^phi1\./);
  });

  it('keep their author from overwriting a newer version, and refuse empty or oversized bodies', async () => {
    const created = await api(author, 'POST', `/clients/${client.id}/psychotherapy-notes`, {
      serviceDate: '2026-11-22',
      body: 'v1',
    });
    const id = created.json().id as string;
    expect(
      (
        await api(author, 'PUT', `/psychotherapy-notes/${id}`, {
          serviceDate: '2026-11-22',
          body: 'v2',
          version: 1,
        })
      ).statusCode,
    ).toBe(200);
    const stale = await api(author, 'PUT', `/psychotherapy-notes/${id}`, {
      serviceDate: '2026-11-22',
      body: 'v2b',
      version: 1,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('version_conflict');
    const empty = await api(author, 'POST', `/clients/${client.id}/psychotherapy-notes`, {
      serviceDate: '2026-11-22',
      body: '  ',
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().errors[0].field).toBe('body.body');
  });
});
