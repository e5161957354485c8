import { openDatabase, type Database } from '@mentalspace/db';
import pg from 'pg';

/**
 * The benchmark's database: embedded PGlite, or with BENCH_DATABASE_URL a fresh database of this
 * name on that server (dropped and created again each run).
 */
export async function openBenchDatabase(options: {
  name: string;
  poolSize: number;
  onQuery: (query: string) => void;
}): Promise<Database> {
  const adminUrl = process.env.BENCH_DATABASE_URL;
  if (!adminUrl) return openDatabase({ kind: 'pglite', onQuery: options.onQuery });
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${options.name} with (force)`);
  await admin.query(`create database ${options.name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${options.name}`;
  return openDatabase({
    kind: 'postgres',
    url: url.toString(),
    poolSize: options.poolSize,
    onQuery: options.onQuery,
  });
}
