import { clinicalNotes, measureResponses } from '@mentalspace/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, testPhiCipher, type TestApp } from '../../test/build-test-app';
import { createClient, createPractice, createStaff } from '../../test/factories';

let t: TestApp;
let clinician: { id: string };
let practice: { id: string };
const phi = testPhiCipher();

beforeAll(async () => {
  t = await buildTestApp({ phi });
  practice = await createPractice(t.database);
  clinician = await createStaff(t.database, practice, 'clinician');
});
afterAll(async () => {
  await t.close();
});

/** The requests the web app makes to open a chart. */
const chart = (id: string) => [
  `/api/v1/clients/${id}`,
  `/api/v1/clients/${id}/risk-flags`,
  `/api/v1/clients/${id}/notes?limit=50`,
  `/api/v1/clients/${id}/diagnoses`,
  `/api/v1/clients/${id}/measures`,
];

describe('opening a chart', () => {
  it('runs the same number of statements for 1 note and 1 measure as for 400 notes and 100 measures', async () => {
    const seed = async (notes: number, measures: number) => {
      const client = await createClient(t.database, practice, { clinician });
      await t.database.unsafeOwner.insert(clinicalNotes).values(
        Array.from({ length: notes }, (_, i) => ({
          practiceId: practice.id,
          clientId: client.id,
          authorId: clinician.id,
          type: 'progress',
          template: 'soap',
          serviceDate: new Date(Date.UTC(2024, 0, 1) + i * 86_400_000).toISOString().slice(0, 10),
          content: 'phi1.1.unread.unread',
        })),
      );
      const ids = Array.from({ length: measures }, () => crypto.randomUUID());
      await t.database.unsafeOwner.insert(measureResponses).values(
        ids.map((id, i) => ({
          id,
          practiceId: practice.id,
          clientId: client.id,
          instrumentId: 'phq9',
          instrumentVersion: 1,
          answers: phi.encrypt('{"1":1}', `measure_responses:answers:${id}`),
          total: i % 27,
          severity: 'Mild',
          riskLevel: 'none',
          source: 'office' as const,
        })),
      );
      return client.id;
    };
    const count = async (id: string) => {
      t.database.queries.length = 0;
      for (const url of chart(id)) {
        const res = await t.app.inject({ url, headers: t.as(clinician) });
        expect(res.statusCode, url).toBe(200);
      }
      return t.database.queries.length;
    };
    const smallId = await seed(1, 1);
    await count(smallId); // warms the test principal lookup, which is cached after the first request
    const small = await count(smallId);
    const large = await count(await seed(400, 100));
    expect(large).toBe(small);
    expect(small).toBeLessThanOrEqual(25);
  });
});
