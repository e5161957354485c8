/**
 * The cost of the tamper-evident audit trail. Writers only insert events; the sealer chains them
 * afterwards, so the chain adds nothing to a request's path. What it costs is the sealer's own
 * work: this measures, in one run, raw event inserts (the baseline), sealing those events into
 * the chain, and verifying the chain, in events per second, and prints sealing as a ratio of
 * inserting. Results go to artifacts/bench/audit-chain.json. Nothing is asserted.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { unsafeSealAuditEvents, unsafeVerifyAuditChain } from '@mentalspace/api/audit-chain';
import { auditEvents, openDatabase, practices } from '@mentalspace/db';
import pg from 'pg';

const pgAdminUrl = process.env.BENCH_DATABASE_URL;
const total = Number(process.env.BENCH_AUDIT_EVENTS ?? (pgAdminUrl ? 100_000 : 20_000));
const practiceCount = 10;

async function open() {
  if (!pgAdminUrl) return openDatabase({ kind: 'pglite' });
  const admin = new pg.Client({ connectionString: pgAdminUrl });
  await admin.connect();
  await admin.query('drop database if exists mentalspace_bench_audit with (force)');
  await admin.query('create database mentalspace_bench_audit');
  await admin.end();
  const url = new URL(pgAdminUrl);
  url.pathname = '/mentalspace_bench_audit';
  return openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 4 });
}

const perSecond = (count: number, ms: number) => Math.round((count / ms) * 1000);

async function main() {
  const database = await open();
  await database.migrate();
  const ids = (
    await database.unsafeOwner
      .insert(practices)
      .values(Array.from({ length: practiceCount }, (_, i) => ({ name: `Bench ${i}`, timeZone: 'UTC' })))
      .returning({ id: practices.id })
  ).map((p) => p.id);

  let started = performance.now();
  for (let done = 0; done < total; done += 1_000) {
    await database.unsafeOwner.insert(auditEvents).values(
      Array.from({ length: Math.min(1_000, total - done) }, (_, i) => ({
        practiceId: ids[(done + i) % practiceCount]!,
        action: 'client.read',
        resourceType: 'client',
        ip: '203.0.113.9',
        requestId: `bench-${done + i}`,
        details: { returned: 1 },
      })),
    );
  }
  const insertMs = performance.now() - started;

  started = performance.now();
  const { sealed } = await unsafeSealAuditEvents(database);
  const sealMs = performance.now() - started;

  started = performance.now();
  const verified = await unsafeVerifyAuditChain(database);
  const verifyMs = performance.now() - started;
  await database.close();

  const report = {
    database: database.kind,
    events: total,
    chains: practiceCount,
    insertPerSecond: perSecond(total, insertMs),
    sealPerSecond: perSecond(sealed, sealMs),
    verifyPerSecond: perSecond(verified.events, verifyMs),
    sealToInsertRatio: Number((insertMs / sealMs).toFixed(3)),
    intact: verified.ok,
  };
  process.stdout.write(
    [
      `audit chain benchmark (${report.database}, ${total} events in ${practiceCount} chains)`,
      `  insert events (baseline)   : ${report.insertPerSecond} events/s`,
      `  seal into the hash chain   : ${report.sealPerSecond} events/s`,
      `  verify the whole chain     : ${report.verifyPerSecond} events/s`,
      `  sealing throughput = ${(report.sealToInsertRatio * 100).toFixed(1)} % of insert throughput (the sealer runs behind the writers, off the request path); intact: ${report.intact}`,
      '',
    ].join('\n'),
  );
  await mkdir('../artifacts/bench', { recursive: true });
  await writeFile('../artifacts/bench/audit-chain.json', JSON.stringify(report, null, 2));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
