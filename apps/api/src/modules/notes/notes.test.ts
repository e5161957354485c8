import { auditEvents, clinicalNotes, noteRevisions } from '@mentalspace/db';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/build-test-app';
import {
  createAppointment,
  createClient,
  createPractice,
  createStaff,
  createSupervision,
} from '../../test/factories';

let t: TestApp;
let practice: { id: string };
let clinician: { id: string; firstName: string; lastName: string };
let supervisor: { id: string; firstName: string; lastName: string };
let supervisee: { id: string };
let frontDesk: { id: string };
let biller: { id: string };
let outsider: { id: string };
let client: { id: string };
let superviseeClient: { id: string };

beforeAll(async () => {
  t = await buildTestApp();
  practice = await createPractice(t.database);
  clinician = await createStaff(t.database, practice, 'clinician');
  supervisor = await createStaff(t.database, practice, 'supervisor');
  supervisee = await createStaff(t.database, practice, 'clinician');
  frontDesk = await createStaff(t.database, practice, 'front_desk');
  biller = await createStaff(t.database, practice, 'biller');
  outsider = await createStaff(t.database, practice, 'clinician');
  await createSupervision(t.database, practice, supervisor, supervisee);
  client = await createClient(t.database, practice, { clinician });
  superviseeClient = await createClient(t.database, practice, { clinician: supervisee });
});
afterAll(async () => {
  await t.close();
});

const soap = {
  subjective: 'Reports sleeping better; two panic episodes this week.',
  objective: 'Calm, good eye contact. GAD-7 today 9.',
  assessment: 'Progress toward goal 1; panic frequency down from five.',
  plan: 'Continue interoceptive exposure; next session in one week.',
};
const risk = {
  suicidalIdeation: 'denied',
  homicidalIdeation: 'denied',
  selfHarm: false,
  riskLevel: 'low',
  safetyPlan: '',
};
const complete = { sections: soap, risk, mse: { mood: 'Anxious', affect: 'Congruent' } };

const api = (as: { id: string }, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: t.as(as), ...(payload ? { payload } : {}) });

async function draft(
  as: { id: string },
  forClient: { id: string },
  content: object = complete,
  serviceDate = '2026-11-20',
) {
  const res = await api(as, 'POST', `/clients/${forClient.id}/notes`, {
    type: 'progress',
    template: 'soap',
    serviceDate,
    content,
  });
  expect(res.statusCode).toBe(201);
  return res.json<{ id: string; version: number; status: string }>();
}

const actions = async (noteId: string) =>
  (
    await t.database.unsafeOwner
      .select({ action: auditEvents.action, outcome: auditEvents.outcome })
      .from(auditEvents)
      .where(eq(auditEvents.resourceId, noteId))
  ).map((a) => `${a.action}:${a.outcome}`);

describe('writing, signing and addending a progress note', () => {
  it('saves a draft from its version, signs it (frozen, hashed, kept), and stores the body encrypted', async () => {
    const note = await draft(clinician, client, { sections: { subjective: soap.subjective } });
    expect(note).toMatchObject({ status: 'draft', version: 1, can: { edit: true, sign: true } });

    const saved = await api(clinician, 'PUT', `/notes/${note.id}`, { version: 1, content: complete });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ version: 2, content: { sections: soap } });

    const signed = await api(clinician, 'POST', `/notes/${note.id}/sign`, { version: 2 });
    expect(signed.statusCode).toBe(200);
    expect(signed.json()).toMatchObject({
      status: 'signed',
      signatureHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      revisions: [{ event: 'signed', byName: `${clinician.firstName} ${clinician.lastName}` }],
      can: { edit: false, sign: false, addendum: true },
    });
    expect(signed.json().signedAt).not.toBeNull();

    const [raw] = await t.database.unsafeOwner
      .select({ content: clinicalNotes.content })
      .from(clinicalNotes)
      .where(eq(clinicalNotes.id, note.id));
    expect(raw!.content).toMatch(/^phi1\./);
    expect(raw!.content).not.toContain('panic');
    expect(await actions(note.id)).toEqual(
      expect.arrayContaining([
        'note.created:success',
        'note.updated:success',
        'note.signed:success',
        'note.read:success',
      ]),
    );
  });

  it('answers 409 note_signed to any edit after signing, pointing at addenda; addenda are appended and hashed', async () => {
    const note = await draft(clinician, client);
    await api(clinician, 'POST', `/notes/${note.id}/sign`, { version: 1 });
    const edit = await api(clinician, 'PUT', `/notes/${note.id}`, { version: 2, content: complete });
    expect(edit.statusCode).toBe(409);
    expect(edit.json()).toMatchObject({ code: 'note_signed' });
    expect(edit.json().detail).toContain(`/api/v1/notes/${note.id}/addenda`);
    expect((await api(clinician, 'POST', `/notes/${note.id}/sign`, { version: 2 })).json().code).toBe(
      'note_signed',
    );

    const added = await api(clinician, 'POST', `/notes/${note.id}/addenda`, {
      body: 'Late entry: client called after session to confirm homework.',
    });
    expect(added.statusCode).toBe(201);
    expect(added.json().addenda).toEqual([
      expect.objectContaining({
        body: 'Late entry: client called after session to confirm homework.',
        contentHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      }),
    ]);
    expect(added.json().addendaCount).toBe(1);
  });

  it('is frozen by the database too: even the owner role cannot rewrite signed content, reopen or delete it', async () => {
    const note = await draft(clinician, client);
    await api(clinician, 'POST', `/notes/${note.id}/sign`, { version: 1 });
    const owner = t.database.unsafeOwner;
    await expect(
      owner.update(clinicalNotes).set({ content: 'phi1.1.x.y' }).where(eq(clinicalNotes.id, note.id)),
    ).rejects.toThrow();
    await expect(
      owner.update(clinicalNotes).set({ status: 'draft' }).where(eq(clinicalNotes.id, note.id)),
    ).rejects.toThrow();
    await expect(owner.delete(clinicalNotes).where(eq(clinicalNotes.id, note.id))).rejects.toThrow();
    await expect(owner.delete(noteRevisions).where(eq(noteRevisions.noteId, note.id))).rejects.toThrow();
  });

  it('never lets a concurrent save overwrite silently: of two saves from one version, one wins', async () => {
    const note = await draft(clinician, client);
    const [a, b] = await Promise.all([
      api(clinician, 'PUT', `/notes/${note.id}`, { version: 1, content: { sections: { plan: 'A' } } }),
      api(clinician, 'PUT', `/notes/${note.id}`, { version: 1, content: { sections: { plan: 'B' } } }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    expect([a, b].find((r) => r.statusCode === 409)!.json().code).toBe('version_conflict');
    const stale = await api(clinician, 'POST', `/notes/${note.id}/sign`, { version: 1 });
    expect(stale.json().code).toBe('version_conflict');
  });

  it('refuses to sign an incomplete note, naming what is missing', async () => {
    const note = await draft(clinician, client, { sections: { subjective: 'Only this.' } });
    const res = await api(clinician, 'POST', `/notes/${note.id}/sign`, { version: 1 });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['content.sections.objective', 'content.sections.plan', 'content.risk']),
    );
  });

  it('refuses bad input by field: a template of another type, unknown sections, an MSE on a contact note, a foreign appointment', async () => {
    const post = (payload: object) => api(clinician, 'POST', `/clients/${client.id}/notes`, payload);
    const wrongTemplate = await post({ type: 'intake', template: 'soap', serviceDate: '2026-11-20' });
    expect(wrongTemplate.statusCode).toBe(400);
    expect(wrongTemplate.json().errors).toEqual([expect.objectContaining({ field: 'body.template' })]);
    const unknownSection = await post({
      type: 'progress',
      template: 'dap',
      serviceDate: '2026-11-20',
      content: { sections: { subjective: 'x' } },
    });
    expect(unknownSection.json().errors).toEqual([
      expect.objectContaining({ field: 'body.content.sections.subjective' }),
    ]);
    const mse = await post({
      type: 'contact',
      template: 'contact',
      serviceDate: '2026-11-20',
      content: { sections: {}, mse: { mood: 'Euthymic' } },
    });
    expect(mse.json().errors).toEqual([expect.objectContaining({ field: 'body.content.mse' })]);
    const badDate = await post({ type: 'progress', template: 'soap', serviceDate: '2026-13-40' });
    expect(badDate.json().errors).toEqual([expect.objectContaining({ field: 'body.serviceDate' })]);
    const other = await createClient(t.database, practice, { clinician });
    const appointment = await createAppointment(t.database, practice, {
      clinician,
      client: other,
      startsAt: new Date('2026-11-20T15:00:00Z'),
    });
    const foreign = await post({
      type: 'progress',
      template: 'soap',
      serviceDate: '2026-11-20',
      appointmentId: appointment.id,
    });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().errors).toEqual([expect.objectContaining({ field: 'body.appointmentId' })]);
  });

  it('lets only the author edit or sign; another clinician on the case is refused and the refusal is audited', async () => {
    const colleague = await createStaff(t.database, practice, 'clinician');
    await t.app.inject({
      method: 'PUT',
      url: `/api/v1/clients/${client.id}/clinicians/${colleague.id}`,
      headers: t.as(await createStaff(t.database, practice, 'admin')),
      payload: { assignment: 'secondary' },
    });
    const note = await draft(clinician, client);
    const edit = await api(colleague, 'PUT', `/notes/${note.id}`, { version: 1, content: complete });
    expect(edit.statusCode).toBe(403);
    const sign = await api(colleague, 'POST', `/notes/${note.id}/sign`, { version: 1 });
    expect(sign.statusCode).toBe(403);
    expect(await actions(note.id)).toEqual(
      expect.arrayContaining(['note.update_denied:denied', 'note.sign_denied:denied']),
    );
  });
});

describe('co-signing a supervisee’s note', () => {
  it('awaits the supervisor, who returns it with comments, then co-signs the corrected note; every version is kept', async () => {
    const note = await draft(supervisee, superviseeClient);
    const signed = await api(supervisee, 'POST', `/notes/${note.id}/sign`, { version: 1 });
    expect(signed.json()).toMatchObject({ status: 'awaiting_cosign', can: { cosign: false } });

    expect((await api(supervisee, 'POST', `/notes/${note.id}/cosign`)).statusCode).toBe(403);
    expect((await api(outsider, 'POST', `/notes/${note.id}/cosign`)).statusCode).toBe(404);
    expect((await api(clinician, 'POST', `/notes/${note.id}/cosign`)).statusCode).toBe(404);

    const seen = await api(supervisor, 'GET', `/notes/${note.id}`);
    expect(seen.json()).toMatchObject({ content: { sections: soap }, can: { cosign: true } });

    const returned = await api(supervisor, 'POST', `/notes/${note.id}/return`, {
      comment: 'Please tie the assessment to the treatment plan goal.',
    });
    expect(returned.json()).toMatchObject({
      status: 'draft',
      signatureHash: null,
      returnedComment: 'Please tie the assessment to the treatment plan goal.',
    });
    const fixed = await api(supervisee, 'PUT', `/notes/${note.id}`, {
      version: returned.json().version,
      content: {
        ...complete,
        sections: { ...soap, assessment: 'Progress toward goal 1 (panic frequency).' },
      },
    });
    expect(fixed.statusCode).toBe(200);
    await api(supervisee, 'POST', `/notes/${note.id}/sign`, { version: fixed.json().version });
    const cosigned = await api(supervisor, 'POST', `/notes/${note.id}/cosign`);
    expect(cosigned.statusCode).toBe(200);
    expect(cosigned.json()).toMatchObject({
      status: 'signed',
      cosignerName: `${supervisor.firstName} ${supervisor.lastName}`,
      returnedComment: null,
    });
    expect(cosigned.json().revisions.map((r: { event: string }) => r.event)).toEqual([
      'signed',
      'returned',
      'signed',
      'cosigned',
    ]);
    expect((await api(supervisor, 'POST', `/notes/${note.id}/cosign`)).statusCode).toBe(409);
  });

  it('shows each their queue: the author’s unsigned notes (overdue after the deadline), the supervisor’s notes to co-sign', async () => {
    const old = await draft(clinician, client, complete, '2026-01-05');
    const today = new Date().toISOString().slice(0, 10);
    const fresh = await draft(clinician, client, complete, today);
    const mine = (await api(clinician, 'GET', '/notes/due')).json();
    expect(mine.deadlineHours).toBe(72);
    const byId = new Map(mine.mine.map((n: { id: string; overdue: boolean }) => [n.id, n.overdue]));
    expect(byId.get(old.id)).toBe(true);
    expect(byId.get(fresh.id)).toBe(false);

    const waiting = await draft(supervisee, superviseeClient);
    await api(supervisee, 'POST', `/notes/${waiting.id}/sign`, { version: 1 });
    const queue = (await api(supervisor, 'GET', '/notes/due')).json();
    expect(queue.toCosign.map((n: { id: string }) => n.id)).toContain(waiting.id);
    expect((await api(clinician, 'GET', '/notes/due')).json().toCosign).toEqual([]);
  });
});

describe('who sees what of a note', () => {
  it('gives front desk and billers the note’s existence but never its body; outsiders get 404', async () => {
    const note = await draft(clinician, client);
    await api(clinician, 'POST', `/notes/${note.id}/sign`, { version: 1 });
    await api(clinician, 'POST', `/notes/${note.id}/addenda`, { body: 'Addendum text' });
    for (const role of [frontDesk, biller]) {
      const res = await api(role, 'GET', `/notes/${note.id}`);
      expect(res.statusCode).toBe(200);
      expect(res.json().content).toBeNull();
      expect(res.json().addenda[0].body).toBe('');
      expect(JSON.stringify(res.json())).not.toContain('panic');
      expect(
        (await api(role, 'PUT', `/notes/${note.id}`, { version: 1, content: complete })).statusCode,
      ).toBe(403);
      expect((await api(role, 'POST', `/notes/${note.id}/addenda`, { body: 'x' })).statusCode).toBe(403);
      expect(
        (
          await api(role, 'POST', `/clients/${client.id}/notes`, {
            type: 'progress',
            template: 'soap',
            serviceDate: '2026-11-20',
          })
        ).statusCode,
      ).toBe(403);
    }
    expect((await api(outsider, 'GET', `/notes/${note.id}`)).statusCode).toBe(404);
    expect((await api(outsider, 'GET', `/clients/${client.id}/notes`)).statusCode).toBe(404);
    const denied = await t.database.unsafeOwner
      .select({ id: auditEvents.id })
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.resourceId, note.id),
          eq(auditEvents.actorUserId, outsider.id),
          eq(auditEvents.outcome, 'denied'),
        ),
      );
    expect(denied).toHaveLength(1);
  });

  it('lists a chart’s notes by keyset pages at the same number of queries for 3 notes and for 120', async () => {
    const small = await createClient(t.database, practice, { clinician });
    const large = await createClient(t.database, practice, { clinician });
    const seal = (id: string) => `phi1.${id}`; // listing never opens content
    const rows = (c: { id: string }, n: number) =>
      Array.from({ length: n }, (_, i) => ({
        practiceId: practice.id,
        clientId: c.id,
        authorId: clinician.id,
        type: 'progress',
        template: 'soap',
        serviceDate: `2025-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 27) + 1).padStart(2, '0')}`,
        content: seal(String(i)),
      }));
    await t.database.unsafeOwner.insert(clinicalNotes).values(rows(small, 3));
    await t.database.unsafeOwner.insert(clinicalNotes).values(rows(large, 120));
    const count = async (c: { id: string }, cursor?: string) => {
      t.database.queries.length = 0;
      const res = await api(
        clinician,
        'GET',
        `/clients/${c.id}/notes?limit=50${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(res.statusCode).toBe(200);
      return { queries: t.database.queries.length, body: res.json() };
    };
    const first = await count(large);
    const second = await count(large, first.body.nextCursor);
    const third = await count(large, second.body.nextCursor);
    expect(first.body.items).toHaveLength(50);
    expect(third.body.items).toHaveLength(20);
    expect(third.body.nextCursor).toBeNull();
    const ids = new Set(
      [...first.body.items, ...second.body.items, ...third.body.items].map((n: { id: string }) => n.id),
    );
    expect(ids.size).toBe(120);
    const tiny = await count(small);
    expect(new Set([first.queries, second.queries, third.queries, tiny.queries]).size).toBe(1);
    const bad = await api(clinician, 'GET', `/clients/${large.id}/notes?cursor=notacursor`);
    expect(bad.statusCode).toBe(400);
  });
});
