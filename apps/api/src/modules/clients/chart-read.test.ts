import { auditEvents } from '@mentalspace/db';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/build-test-app';
import { createClient, createPractice, createStaff } from '../../test/factories';

let t: TestApp;
let practice: { id: string };
let clinician: { id: string };
let colleague: { id: string };
let client: { id: string };

beforeAll(async () => {
  t = await buildTestApp();
  practice = await createPractice(t.database);
  clinician = await createStaff(t.database, practice, 'clinician');
  colleague = await createStaff(t.database, practice, 'clinician');
  client = await createClient(t.database, practice, { clinician });
});
afterAll(async () => {
  await t.close();
});

const eventsOf = (actor: { id: string }, action: string) =>
  t.database.unsafeOwner
    .select({ outcome: auditEvents.outcome, clientId: auditEvents.clientId, details: auditEvents.details })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.practiceId, practice.id),
        eq(auditEvents.actorUserId, actor.id),
        eq(auditEvents.action, action),
      ),
    );

describe('chart reads that were not audited before', () => {
  it.each([
    ['consents', 'client.consents_read'],
    ['measure-assignments', 'client.measure_schedule_read'],
  ])('audits reading a client’s %s, and the denial outside the caseload', async (part, action) => {
    const url = `/api/v1/clients/${client.id}/${part}`;
    expect((await t.app.inject({ url, headers: t.as(clinician) })).statusCode).toBe(200);
    expect((await t.app.inject({ url, headers: t.as(colleague) })).statusCode).toBe(404);
    expect(await eventsOf(clinician, action)).toEqual([
      { outcome: 'success', clientId: client.id, details: null },
    ]);
    expect(await eventsOf(colleague, action)).toEqual([{ outcome: 'denied', clientId: null, details: null }]);
    // The service recorded the denial itself; the refusals plugin adds no second event.
    expect(await eventsOf(colleague, 'access.denied')).toEqual([]);
  });

  it('audits listing the notes-due queue, with how many notes it showed', async () => {
    const res = await t.app.inject({ url: '/api/v1/notes/due', headers: t.as(clinician) });
    expect(res.statusCode).toBe(200);
    expect(await eventsOf(clinician, 'note.due_listed')).toEqual([
      { outcome: 'success', clientId: null, details: { returned: 0 } },
    ]);
  });
});
