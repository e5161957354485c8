import { auditEvents } from '@mentalspace/db';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/build-test-app';
import { createClient, createPractice, createStaff } from '../../test/factories';

let t: TestApp;
let clinician: { id: string; firstName: string; lastName: string };
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

const body = {
  disclosedOn: '2026-11-10',
  recipient: 'Riverside County Superior Court',
  recipientAddress: '',
  description: 'Dates of attendance, Sept–Oct 2026',
  purpose: 'Subpoena in a custody matter',
  basis: 'court_order',
};
const record = (as: { id: string }, payload: object = body) =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1/clients/${client.id}/disclosures`,
    headers: t.as(as),
    payload,
  });
const list = (as: { id: string }) =>
  t.app.inject({ url: `/api/v1/clients/${client.id}/disclosures`, headers: t.as(as) });

describe('accounting of disclosures', () => {
  it('records a release (to whom, what, why, on what basis) and lists it per client, audited both ways', async () => {
    const created = await record(clinician);
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      recipient: 'Riverside County Superior Court',
      recipientAddress: null,
      basis: 'court_order',
      recordedByName: `${clinician.firstName} ${clinician.lastName}`,
    });
    const listed = await list(biller);
    expect(listed.statusCode).toBe(200);
    expect(listed.json().items.map((d: { id: string }) => d.id)).toEqual([created.json().id]);
    const actions = (
      await t.database.unsafeOwner
        .select({ action: auditEvents.action })
        .from(auditEvents)
        .where(and(eq(auditEvents.clientId, client.id)))
    ).map((a) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining(['client.disclosure_recorded', 'client.disclosures_read']),
    );
  });

  it('refuses bad input field by field, a future date, billers recording, and anyone out of reach', async () => {
    const bad = await record(clinician, {
      ...body,
      disclosedOn: '2999-01-01',
      recipient: '',
      basis: 'gossip',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['body.disclosedOn', 'body.recipient', 'body.basis']),
    );
    expect((await record(biller)).statusCode).toBe(403);
    expect((await record(outsider)).statusCode).toBe(404);
    expect((await list(outsider)).statusCode).toBe(404);
  });
});
