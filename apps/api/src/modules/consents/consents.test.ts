import { createHash } from 'node:crypto';
import { CONSENT_DOCUMENTS } from '@mentalspace/contracts';
import { consents } from '@mentalspace/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBrowser } from '../../test/browser';
import { buildTestApp, type TestApp } from '../../test/build-test-app';
import { createClient, createPractice, createStaff } from '../../test/factories';

let t: TestApp;
let frontDesk: { id: string };
let biller: { id: string };
let outsider: { id: string };
let client: { id: string };

beforeAll(async () => {
  t = await buildTestApp();
  const practice = await createPractice(t.database);
  frontDesk = await createStaff(t.database, practice, 'front_desk');
  biller = await createStaff(t.database, practice, 'biller');
  outsider = await createStaff(t.database, practice, 'clinician');
  client = await createClient(t.database, practice, {
    clinician: await createStaff(t.database, practice, 'clinician'),
  });
});
afterAll(async () => {
  await t.close();
});

const api = (as: { id: string }, method: 'GET' | 'POST', url: string, payload?: object) =>
  t.app.inject({
    method,
    url: `/api/v1${url}`,
    headers: { ...t.as(as), 'user-agent': 'front-desk-tablet' },
    ...(payload ? { payload } : {}),
  });
const informed = { documentId: 'informed_consent', documentVersion: 1, signerName: 'Avery Bennett' };

describe('consents', () => {
  it('records an in-office signature with the version, a hash of the exact text, and where it was given', async () => {
    const before = (await api(frontDesk, 'GET', `/clients/${client.id}/consents`)).json();
    expect(before.documents.map((d: { signed: unknown }) => d.signed)).toEqual([null, null, null]);
    const signed = await api(frontDesk, 'POST', `/clients/${client.id}/consents`, informed);
    expect(signed.statusCode).toBe(201);
    const doc = signed
      .json()
      .documents.find((d: { documentId: string }) => d.documentId === 'informed_consent');
    expect(doc.signed).toMatchObject({
      signerName: 'Avery Bennett',
      signerRelationship: 'self',
      method: 'in_office',
      documentVersion: 1,
      documentHash: createHash('sha256').update(CONSENT_DOCUMENTS.informed_consent.text).digest('hex'),
    });
    const [raw] = await t.database.unsafeOwner.select().from(consents).where(eq(consents.id, doc.signed.id));
    expect(raw).toMatchObject({ recordedBy: frontDesk.id, userAgent: 'front-desk-tablet' });
    await expect(
      t.database.unsafeOwner
        .update(consents)
        .set({ signerName: 'Someone Else' })
        .where(eq(consents.id, doc.signed.id)),
    ).rejects.toThrow();
    await expect(
      t.database.unsafeOwner.delete(consents).where(eq(consents.id, doc.signed.id)),
    ).rejects.toThrow();

    const revoked = await api(frontDesk, 'POST', `/clients/${client.id}/consents/${doc.signed.id}/revoke`);
    expect(
      revoked.json().documents.find((d: { documentId: string }) => d.documentId === 'informed_consent')
        .signed,
    ).toBeNull();
    expect(revoked.json().history[0].revokedAt).not.toBeNull();
    expect(
      (await api(frontDesk, 'POST', `/clients/${client.id}/consents/${doc.signed.id}/revoke`)).statusCode,
    ).toBe(404);
  });

  it('refuses an old version, an unknown document, a blank name, billers and outsiders', async () => {
    const stale = await api(frontDesk, 'POST', `/clients/${client.id}/consents`, {
      ...informed,
      documentVersion: 0,
    });
    expect(stale.statusCode).toBe(400);
    const future = await api(frontDesk, 'POST', `/clients/${client.id}/consents`, {
      ...informed,
      documentVersion: 2,
    });
    expect(future.statusCode).toBe(409);
    expect(
      (
        await api(frontDesk, 'POST', `/clients/${client.id}/consents`, {
          ...informed,
          documentId: 'anything',
        })
      ).statusCode,
    ).toBe(400);
    const blank = await api(frontDesk, 'POST', `/clients/${client.id}/consents`, {
      ...informed,
      signerName: ' ',
    });
    expect(blank.json().errors[0].field).toBe('body.signerName');
    expect((await api(biller, 'POST', `/clients/${client.id}/consents`, informed)).statusCode).toBe(403);
    expect((await api(outsider, 'GET', `/clients/${client.id}/consents`)).statusCode).toBe(404);
  });

  it('lets the client sign from the portal, for their own record only', async () => {
    const invited = await api(frontDesk, 'POST', `/clients/${client.id}/portal-invitation`, {
      email: 'consent.client@example.test',
    });
    const token = (invited.json().invitePath as string).split('#token=')[1]!;
    const b = testBrowser(t.app);
    await b.post('/api/v1/portal/invitations/accept', { token, password: 'Maple-Harbor-Lights-58!' });
    const signed = await b.post('/api/v1/portal/consents', {
      documentId: 'telehealth_consent',
      documentVersion: 1,
      signerName: 'Avery Bennett',
    });
    expect(signed.statusCode).toBe(201);
    const doc = signed
      .json()
      .documents.find((d: { documentId: string }) => d.documentId === 'telehealth_consent');
    expect(doc.signed).toMatchObject({ method: 'portal' });
    const staffView = (await api(frontDesk, 'GET', `/clients/${client.id}/consents`)).json();
    expect(staffView.history.map((c: { id: string }) => c.id)).toContain(doc.signed.id);
    expect((await b.post(`/api/v1/clients/${client.id}/consents`, informed)).statusCode).toBe(403);
  });
});
