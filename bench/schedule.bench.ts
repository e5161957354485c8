/**
 * A clinician's week view and `findAvailableSlots` cost the same with 10 k or 1 M appointments in
 * the practice (DESIGN: ratio ≤ 1.5 between them). One database grows from 10 k to 1 M rows
 * (100 clinicians; the measured week of the measured clinician holds the same sessions in both
 * phases), and each phase loads both endpoints with autocannon. Prints the SQL statements per
 * request (fixed), requests per second at each size and the 1 M / 10 k ratio. Nothing is asserted
 * on time.
 *
 *   npm run bench -w bench                                        # embedded PGlite
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx schedule.bench.ts
 *   BENCH_LARGE=200000 …                                           # a smaller "large" phase
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { buildApp } from '@mentalspace/api/app';
import { openBenchDatabase } from './bench-database';
import { ACCESS_COOKIE, createAuthDeps } from '@mentalspace/api/auth';
import { createPhiCipher } from '@mentalspace/api/phi';
import { clients, practices, users, workingHours, type Database } from '@mentalspace/db';
import autocannon from 'autocannon';
import { sql } from 'drizzle-orm';
import pino from 'pino';

const duration = Number(process.env.BENCH_DURATION ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
const CLINICIANS = 100;
const SMALL = 10_000;
const LARGE = Number(process.env.BENCH_LARGE ?? 1_000_000);
const CLIENTS = 1_000;
/** The measured week: Monday 2030-01-07 to Monday 2030-01-14 (UTC practice). */
const WEEK = { from: '2030-01-07T00:00:00.000Z', to: '2030-01-14T00:00:00.000Z' };
const BASE = '2030-01-07T00:00:00Z';

/**
 * Appointments number `from` … `to - 1` of every clinician: eight a day on weekdays 9:00–17:00,
 * day after day from BASE, so appointment n of each clinician is always at the same time. The
 * first 100 per clinician fill the measured week and the weeks after it; later numbers lie
 * further in the future, in the same tables and indexes.
 */
async function addAppointments(
  database: Database,
  practiceId: string,
  clinicianIds: string[],
  clientIds: string[],
  from: number,
  to: number,
) {
  const batch = 2_000;
  for (let start = from; start < to; start += batch) {
    const end = Math.min(to, start + batch);
    await database.unsafeOwner.execute(sql`
      insert into appointments (id, practice_id, clinician_id, client_id, starts_at, ends_at, modality, status)
      select gen_random_uuid(), ${practiceId}::uuid, c.id, (${`{${clientIds.join(',')}}`}::uuid[])[1 + ((c.n * 7919 + i) % ${clientIds.length})],
        ${BASE}::timestamptz + ((i / 8) / 5 * 7 + (i / 8) % 5) * interval '1 day' + (9 + i % 8) * interval '1 hour',
        ${BASE}::timestamptz + ((i / 8) / 5 * 7 + (i / 8) % 5) * interval '1 day' + (9 + i % 8) * interval '1 hour' + interval '50 minutes',
        'in_person', 'scheduled'
      from generate_series(${start}::int, ${end - 1}::int) as i,
        (select id, row_number() over (order by id) as n from unnest(${`{${clinicianIds.join(',')}}`}::uuid[]) as id) as c`);
  }
}

async function main() {
  const statements: string[] = [];
  let counting = false;
  const database = await openBenchDatabase({
    name: 'mentalspace_bench_schedule',
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
  const practiceId = practice!.id;
  const staff = await db
    .insert(users)
    .values([
      {
        practiceId,
        email: 'desk@example.test',
        firstName: 'Front',
        lastName: 'Desk',
        role: 'front_desk',
        timeZone: 'UTC',
      },
      ...Array.from({ length: CLINICIANS }, (_, i) => ({
        practiceId,
        email: `clinician${i}@example.test`,
        firstName: 'Clinician',
        lastName: String(i).padStart(3, '0'),
        role: 'clinician' as const,
        timeZone: 'UTC',
      })),
    ])
    .returning();
  const desk = staff[0]!;
  const clinicianIds = staff.slice(1).map((s) => s.id);
  const measured = clinicianIds[0]!;
  await db.insert(workingHours).values(
    [1, 2, 3, 4, 5].map((weekday) => ({
      practiceId,
      clinicianId: measured,
      weekday,
      startsAt: '08:00',
      endsAt: '19:00',
    })),
  );
  const clientIds = (
    await db
      .insert(clients)
      .values(
        Array.from({ length: CLIENTS }, (_, i) => ({
          practiceId,
          legalFirstName: `Client${i}`,
          legalLastName: 'Bench',
          dateOfBirth: '1980-01-01',
        })),
      )
      .returning({ id: clients.id })
  ).map((c) => c.id);

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
    sub: desk.id,
    pid: practiceId,
    sid: sessionId,
    role: 'front_desk',
    aal: 'mfa',
    idle: 900,
  });
  const headers = { cookie: `${ACCESS_COOKIE}=${token}` };
  const paths = {
    week: `/api/v1/appointments?${new URLSearchParams({ clinicianId: measured, ...WEEK }).toString()}`,
    slots: `/api/v1/availability/slots?${new URLSearchParams({ clinicianIds: measured, ...WEEK, durationMinutes: '50' }).toString()}`,
  };
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;

  const measure = async () => {
    const result: Record<string, { statements: number; perSecond: number; non2xx: number; items: number }> =
      {};
    for (const [name, path] of Object.entries(paths)) {
      // Let the previous load's last requests finish before counting this request's statements.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      statements.length = 0;
      counting = true;
      const res = await app.inject({ url: path, headers });
      counting = false;
      if (res.statusCode !== 200) throw new Error(`${path} answered ${res.statusCode}: ${res.body}`);
      const load = await autocannon({
        url: `http://127.0.0.1:${port}${path}`,
        connections,
        duration,
        headers,
      });
      result[name] = {
        statements: statements.length,
        perSecond: load.requests.average,
        non2xx: load.non2xx,
        items: res.json<{ items: unknown[] }>().items.length,
      };
    }
    return result;
  };

  const perClinicianSmall = SMALL / CLINICIANS;
  await addAppointments(database, practiceId, clinicianIds, clientIds, 0, perClinicianSmall);
  // Fresh planner statistics, as autovacuum keeps them in a running database.
  await database.unsafeOwner.execute(sql`analyze`);
  const small = await measure();
  await addAppointments(database, practiceId, clinicianIds, clientIds, perClinicianSmall, LARGE / CLINICIANS);
  await database.unsafeOwner.execute(sql`analyze`);
  const large = await measure();
  await app.close();
  await database.close();

  const report = {
    database: database.kind,
    appointments: { small: SMALL, large: LARGE },
    small,
    large,
    ratio: {
      week: Number((small.week!.perSecond / large.week!.perSecond).toFixed(3)),
      slots: Number((small.slots!.perSecond / large.slots!.perSecond).toFixed(3)),
    },
  };
  await mkdir('../artifacts/bench', { recursive: true });
  await writeFile('../artifacts/bench/schedule.json', JSON.stringify(report, null, 2));
  const line = (name: 'week' | 'slots', label: string) =>
    `  ${label}: ${small[name]!.perSecond.toFixed(0)} req/s at 10 k, ${large[name]!.perSecond.toFixed(0)} req/s at ${LARGE / 1000} k ` +
    `(cost ratio ${report.ratio[name]}; budget ≤ 1.5) · statements ${small[name]!.statements}/${large[name]!.statements} · ` +
    `items ${small[name]!.items}/${large[name]!.items} · non-2xx ${small[name]!.non2xx + large[name]!.non2xx}`;
  process.stdout.write(
    [
      `schedule benchmark (${database.kind}, ${connections} connections, ${duration}s each)`,
      line('week', "clinician's week view"),
      line('slots', 'findAvailableSlots (week)'),
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
