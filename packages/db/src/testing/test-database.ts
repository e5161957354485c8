import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { openDatabase, type Database } from '../database';
import pg from 'pg';
import { inject } from 'vitest';

export interface TestDatabase extends Database {
  /**
   * SQL statements run since the last reset, without transaction control (node-postgres logs its
   * BEGIN/COMMIT, PGlite does not), so counts compare across both databases.
   */
  readonly queries: string[];
  /** A connection string for this test database (PostgreSQL runs only). */
  readonly url: string | null;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * A migrated, empty database of its own for one test file: a PGlite copy by default, a clone of
 * the migrated template on the real PostgreSQL when TEST_DATABASE_URL is set.
 */
export async function openTestDatabase(): Promise<TestDatabase> {
  const queries: string[] = [];
  const onQuery = (query: string) => {
    if (!/^\s*(begin|commit|rollback)\b/i.test(query)) queries.push(query);
  };
  const template = inject('pgTemplate');
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (template && adminUrl) {
    const name = `mentalspace_t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      await admin.query(`create database ${name} template ${template}`);
    } finally {
      await admin.end();
    }
    const url = withDatabase(adminUrl, name);
    // A generous wait for a pooled connection: on a loaded shared machine, a test that queues many
    // transactions on five connections (concurrent bookings) can wait past the server's 5 s and
    // get 503s that say nothing about the code under test.
    const database = await openDatabase({
      kind: 'postgres',
      url,
      onQuery,
      poolSize: 5,
      connectionTimeoutMs: 30_000,
    });
    return {
      ...database,
      queries,
      url,
      close: async () => {
        await database.close();
        const cleanup = new pg.Client({ connectionString: adminUrl });
        await cleanup.connect();
        await cleanup.query(`drop database if exists ${name} with (force)`);
        await cleanup.end();
      },
    };
  }
  const dump = inject('pgliteDump');
  if (!dump) throw new Error('test global setup did not provide a database');
  const database = await openDatabase({
    kind: 'pglite',
    loadDataDir: new Blob([await readFile(dump)]),
    onQuery,
  });
  return { ...database, queries, url: null };
}
