/**
 * Opening a chart costs the same however long the record: the five requests the web app makes
 * (header, risk flags, first page of notes, diagnoses, measures) for a client with 1,000 notes and
 * 200 measures, against the same for a client with 3 notes and 2 measures, in one run. Prints the
 * SQL statements each chart open ran (they must be equal) and chart opens per second for both,
 * with their ratio. Nothing is asserted on time; the query counts are also asserted in the API
 * tests.
 *
 *   npm run bench -w bench    # embedded PGlite
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx chart-open.bench.ts
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { buildApp } from '@mentalspace/api/app';
import { openBenchDatabase } from './bench-database';
import { ACCESS_COOKIE, createAuthDeps } from '@mentalspace/api/auth';
import { createPhiCipher } from '@mentalspace/api/phi';
import {
  clientClinicians,
  clientDiagnoses,
  clients,
  clinicalNotes,
  measureResponses,
  practices,
  users,
} from '@mentalspace/db';
import autocannon from 'autocannon';
import pino from 'pino';

const duration = Number(process.env.BENCH_DURATION ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
const NOTES = 1_000;
const MEASURES = 200;

async function main() {
  const statements: string[] = [];
  let counting = false;
  const database = await openBenchDatabase({
    name: 'mentalspace_bench_chart',
    poolSize: connections,
    onQuery: (q) => {
      if (counting && !/^\s*(begin|commit|rollback)\b/i.test(q)) statements.push(q);
    },
  });
  await database.migrate();
  const phi = createPhiCipher(new Map([[1, randomBytes(32)]]), randomBytes(32));
  const db = database.unsafeOwner;
  const [practice] = await db
    .insert(practices)
    .values({ name: 'Bench practice', timeZone: 'UTC' })
    .returning();
  const [clinician] = await db
    .insert(users)
    .values({
      practiceId: practice!.id,
      email: 'bench-clinician@example.test',
      firstName: 'Bench',
      lastName: 'Clinician',
      role: 'clinician',
      timeZone: 'UTC',
    })
    .returning();
  const makeClient = async (name: string, notes: number, measures: number) => {
    const [client] = await db
      .insert(clients)
      .values({
        practiceId: practice!.id,
        legalFirstName: name,
        legalLastName: 'Bench',
        dateOfBirth: '1980-01-01',
      })
      .returning();
    await db
      .insert(clientClinicians)
      .values({ practiceId: practice!.id, clientId: client!.id, clinicianId: clinician!.id });
    for (let offset = 0; offset < notes; offset += 500) {
      await db.insert(clinicalNotes).values(
        Array.from({ length: Math.min(500, notes - offset) }, (_, i) => {
          const id = randomUUID();
          const day = new Date(Date.UTC(2020, 0, 1) + (offset + i) * 86_400_000).toISOString().slice(0, 10);
          return {
            id,
            practiceId: practice!.id,
            clientId: client!.id,
            authorId: clinician!.id,
            type: 'progress',
            template: 'soap',
            serviceDate: day,
            content: phi.encrypt(
              JSON.stringify({ sections: { subjective: 'x'.repeat(400) } }),
              `clinical_notes:content:${id}`,
            ),
          };
        }),
      );
    }
    if (measures > 0) {
      await db.insert(measureResponses).values(
        Array.from({ length: measures }, (_, i) => {
          const id = randomUUID();
          return {
            id,
            practiceId: practice!.id,
            clientId: client!.id,
            instrumentId: i % 2 ? 'gad7' : 'phq9',
            instrumentVersion: 1,
            answers: phi.encrypt(JSON.stringify({ '1': 1 }), `measure_responses:answers:${id}`),
            total: i % 20,
            severity: 'Mild',
            riskLevel: 'none',
            source: 'office' as const,
            completedAt: new Date(Date.UTC(2022, 0, 1) + i * 7 * 86_400_000),
          };
        }),
      );
    }
    await db.insert(clientDiagnoses).values(
      ['F41.1', 'F33.1', 'Z63.0'].map((code, i) => ({
        practiceId: practice!.id,
        clientId: client!.id,
        code,
        status: 'active' as const,
        rank: i + 1,
        diagnosedBy: clinician!.id,
      })),
    );
    return client!.id;
  };
  const large = await makeClient('Large', NOTES, MEASURES);
  const small = await makeClient('Small', 3, 2);

  const auth = createAuthDeps({
    database,
    secrets: [randomBytes(48).toString('base64url')],
    secureCookies: false,
  });
  const app = await buildApp({ database, auth, phi, logger: pino({ level: 'silent' }) });
  const sessionId = randomUUID();
  await auth.activity.start(sessionId, 900);
  const token = await auth.tokens.signAccess({
    kind: 'staff',
    sub: clinician!.id,
    pid: practice!.id,
    sid: sessionId,
    role: 'clinician',
    aal: 'mfa',
    idle: 900,
  });
  const headers = { cookie: `${ACCESS_COOKIE}=${token}` };
  const chartPaths = (id: string) => [
    `/api/v1/clients/${id}`,
    `/api/v1/clients/${id}/risk-flags`,
    `/api/v1/clients/${id}/notes?limit=50`,
    `/api/v1/clients/${id}/diagnoses`,
    `/api/v1/clients/${id}/measures`,
  ];

  const statementsPerOpen = async (id: string) => {
    statements.length = 0;
    counting = true;
    for (const url of chartPaths(id)) {
      const res = await app.inject({ url, headers });
      if (res.statusCode !== 200) throw new Error(`${url} answered ${res.statusCode}`);
    }
    counting = false;
    return statements.length;
  };
  const queries = { small: await statementsPerOpen(small), large: await statementsPerOpen(large) };

  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  const opensPerSecond = async (id: string) => {
    const result = await autocannon({
      url: `http://127.0.0.1:${port}`,
      connections,
      duration,
      requests: chartPaths(id).map((path) => ({ method: 'GET', path, headers })),
    });
    return {
      opensPerSecond: result.requests.average / chartPaths(id).length,
      non2xx: result.non2xx,
      errors: result.errors,
    };
  };
  const smallLoad = await opensPerSecond(small);
  const largeLoad = await opensPerSecond(large);
  await app.close();
  await database.close();

  const ratio = largeLoad.opensPerSecond / smallLoad.opensPerSecond;
  const report = {
    database: database.kind,
    notes: NOTES,
    measures: MEASURES,
    statementsPerChartOpen: queries,
    small: smallLoad,
    large: largeLoad,
    ratio: Number(ratio.toFixed(3)),
  };
  await mkdir('../artifacts/bench', { recursive: true });
  await writeFile('../artifacts/bench/chart-open.json', JSON.stringify(report, null, 2));
  process.stdout.write(
    [
      `chart open benchmark (${database.kind}, ${connections} connections, ${duration}s each)`,
      `  SQL statements per chart open: small ${queries.small}, large ${queries.large} (${queries.small === queries.large ? 'fixed' : 'NOT FIXED'})`,
      `  3 notes, 2 measures           : ${smallLoad.opensPerSecond.toFixed(1)} opens/s  non-2xx ${smallLoad.non2xx}`,
      `  ${NOTES} notes, ${MEASURES} measures     : ${largeLoad.opensPerSecond.toFixed(1)} opens/s  non-2xx ${largeLoad.non2xx}`,
      `  large/small ${(ratio * 100).toFixed(1)} %`,
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(
    `benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
