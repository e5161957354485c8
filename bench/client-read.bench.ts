/**
 * Budget: an authenticated, audited, RLS-scoped read of a client keeps >= 50 % of the throughput
 * of a bare Fastify + driver point select on the same machine (DESIGN.md). Both servers run in
 * this process, against the same database, one after the other, under the same autocannon load.
 *
 *   npm run bench                                        # embedded PGlite
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench   # real PostgreSQL
 *
 * Knobs: BENCH_DURATION (s, default 10), BENCH_CONNECTIONS (default 20), BENCH_CLIENTS.
 * Results print as a table and go to artifacts/bench/client-read.json. Nothing is asserted:
 * timings on shared machines are read by people, compared as ratios within one run.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import type { PGlite } from '@electric-sql/pglite';
import { buildApp } from '@mentalspace/api/app';
import { ACCESS_COOKIE, createAuthDeps } from '@mentalspace/api/auth';
import { createPhiCipher } from '@mentalspace/api/phi';
import { clients, openDatabase, practices, users, type Database } from '@mentalspace/db';
import autocannon from 'autocannon';
import Fastify, { type FastifyInstance } from 'fastify';
import pg from 'pg';
import pino from 'pino';

const duration = Number(process.env.BENCH_DURATION ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 20);
const pgAdminUrl = process.env.BENCH_DATABASE_URL;
const WARM_UP_SECONDS = 2;
const clientCount = Number(process.env.BENCH_CLIENTS ?? (pgAdminUrl ? 100_000 : 10_000));

function withDatabase(url: string, name: string) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function openBenchDatabase(): Promise<{ database: Database; url: string | null }> {
  if (!pgAdminUrl) return { database: await openDatabase({ kind: 'pglite' }), url: null };
  const admin = new pg.Client({ connectionString: pgAdminUrl });
  await admin.connect();
  await admin.query('drop database if exists mentalspace_bench with (force)');
  await admin.query('create database mentalspace_bench');
  await admin.end();
  const url = withDatabase(pgAdminUrl, 'mentalspace_bench');
  return { database: await openDatabase({ kind: 'postgres', url, poolSize: connections }), url };
}

async function seed(database: Database) {
  const [practice] = await database.unsafeOwner
    .insert(practices)
    .values({ name: 'Bench practice', timeZone: 'UTC' })
    .returning();
  const [owner] = await database.unsafeOwner
    .insert(users)
    .values({
      practiceId: practice!.id,
      email: 'bench-owner@example.test',
      firstName: 'Bench',
      lastName: 'Owner',
      role: 'owner',
      timeZone: 'UTC',
    })
    .returning();
  const ids: string[] = [];
  for (let offset = 0; offset < clientCount; offset += 1_000) {
    const rows = await database.unsafeOwner
      .insert(clients)
      .values(
        Array.from({ length: Math.min(1_000, clientCount - offset) }, (_, i) => ({
          practiceId: practice!.id,
          legalFirstName: `Client${offset + i}`,
          legalLastName: `Bench${offset + i}`,
          dateOfBirth: '1980-01-01',
        })),
      )
      .returning({ id: clients.id });
    ids.push(...rows.map((r) => r.id));
  }
  return { ownerId: owner!.id, practiceId: practice!.id, ids };
}

/** The baseline: the same point select, straight through the driver, no auth, audit or RLS. */
async function bareServer(
  database: Database,
  url: string | null,
): Promise<{ app: FastifyInstance; close: () => Promise<void> }> {
  const app = Fastify({ logger: false });
  const query =
    'select id, legal_first_name, legal_last_name, preferred_name, pronouns, date_of_birth, status, email, phone from clients where id = $1';
  // The same read with its audit row written in the same round trip: the raw cost of auditing.
  const audited = `with audit as (
      insert into audit_events (id, practice_id, action, resource_type, resource_id, client_id)
      select gen_random_uuid(), practice_id, 'client.read', 'client', id, id from clients where id = $1
      returning 1)
    ${query}`;
  if (url) {
    const pool = new pg.Pool({ connectionString: url, max: connections });
    app.get<{ Params: { id: string } }>(
      '/clients/:id',
      async (req) => (await pool.query(query, [req.params.id])).rows[0],
    );
    app.get<{ Params: { id: string } }>(
      '/audited/:id',
      async (req) => (await pool.query(audited, [req.params.id])).rows[0],
    );
    return { app, close: () => pool.end() };
  }
  const client = (database.unsafeOwner as unknown as { $client: PGlite }).$client;
  app.get<{ Params: { id: string } }>(
    '/clients/:id',
    async (req) => (await client.query(query, [req.params.id])).rows[0],
  );
  app.get<{ Params: { id: string } }>(
    '/audited/:id',
    async (req) => (await client.query(audited, [req.params.id])).rows[0],
  );
  return { app, close: async () => undefined };
}

async function load(
  app: FastifyInstance,
  path: (id: string) => string,
  ids: string[],
  headers: Record<string, string>,
  seconds = duration,
) {
  if (!app.server.listening) await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  let n = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'GET',
        headers,
        setupRequest: (req) => ({ ...req, path: path(ids[(n = (n + 7919) % ids.length)]!) }),
      },
    ],
  });
  return {
    rps: result.requests.average,
    p99: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
  };
}

async function main() {
  const { database, url } = await openBenchDatabase();
  await database.migrate();
  const { ownerId, practiceId, ids } = await seed(database);
  const bare = await bareServer(database, url);
  const auth = createAuthDeps({
    database,
    secrets: [randomBytes(48).toString('base64url')],
    secureCookies: false,
  });
  const phi = createPhiCipher(new Map([[1, randomBytes(32)]]), randomBytes(32));
  const real = await buildApp({ database, auth, phi, logger: pino({ level: 'silent' }) });
  // The signed-in path as production runs it: a signed access token in the cookie, verified, and
  // the session's idle timer touched on every request.
  const sessionId = randomUUID();
  await auth.activity.start(sessionId, 900);
  const accessToken = await auth.tokens.signAccess({
    kind: 'staff',
    sub: ownerId,
    pid: practiceId,
    sid: sessionId,
    role: 'owner',
    aal: 'mfa',
    idle: 900,
  });

  // Both servers warm up first (JIT, pool connections, caches), so neither is measured cold: a
  // cold baseline would flatter the ratio.
  const cookie = { cookie: `${ACCESS_COOKIE}=${accessToken}` };
  if (!process.env.BENCH_SKIP_BASELINE)
    for (const path of ['clients', 'audited'])
      await load(bare.app, (id) => `/${path}/${id}`, ids, {}, WARM_UP_SECONDS);
  await load(real, (id) => `/api/v1/clients/${id}`, ids, cookie, WARM_UP_SECONDS);

  const baseline = process.env.BENCH_SKIP_BASELINE
    ? { rps: 1, p99: 0, errors: 0, non2xx: 0 }
    : await load(bare.app, (id) => `/clients/${id}`, ids, {});
  const auditedBaseline = process.env.BENCH_SKIP_BASELINE
    ? { rps: 1, p99: 0, errors: 0, non2xx: 0 }
    : await load(bare.app, (id) => `/audited/${id}`, ids, {});
  const route = await load(real, (id) => `/api/v1/clients/${id}`, ids, cookie);
  await bare.app.close();
  await bare.close();
  await real.close();
  await database.close();

  const ratio = route.rps / baseline.rps;
  const report = {
    database: database.kind,
    clients: clientCount,
    connections,
    durationSeconds: duration,
    baseline,
    auditedBaseline,
    auditedToUnaudited: Number((auditedBaseline.rps / baseline.rps).toFixed(3)),
    getClientRoute: route,
    ratio: Number(ratio.toFixed(3)),
    budget: 0.5,
  };
  await mkdir('../artifacts/bench', { recursive: true });
  await writeFile('../artifacts/bench/client-read.json', JSON.stringify(report, null, 2));
  process.stdout.write(
    [
      `client read benchmark (${database.kind}, ${clientCount} clients, ${connections} connections, ${duration}s each)`,
      `  bare Fastify + driver point select : ${baseline.rps.toFixed(0)} req/s  p99 ${baseline.p99} ms  errors ${baseline.errors} non-2xx ${baseline.non2xx}`,
      `  same select + audit row, one trip  : ${auditedBaseline.rps.toFixed(0)} req/s  p99 ${auditedBaseline.p99} ms (audited/unaudited ${((auditedBaseline.rps / baseline.rps) * 100).toFixed(1)} %)`,
      `  GET /api/v1/clients/:id (full path): ${route.rps.toFixed(0)} req/s  p99 ${route.p99} ms  errors ${route.errors} non-2xx ${route.non2xx}`,
      `  ratio ${(ratio * 100).toFixed(1)} % (budget >= 50 %)`,
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
