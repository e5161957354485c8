import { createRequire } from 'node:module';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { sql, type Logger, type SQL } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import * as schema from './schema/index';

export type Schema = typeof schema;
export type AppDatabase = PgDatabase<PgQueryResultHKT, Schema>;
/** A connection inside one practice-scoped transaction (no nested transactions). */
export type AppTransaction = Omit<AppDatabase, 'transaction' | 'batch'>;

/** The role every request runs as; see migrations/0002_constraints_and_rls.sql. */
export const APP_ROLE = 'mentalspace_app';

export type DatabaseConfig =
  | {
      kind: 'pglite';
      /** Folder for the data files; omitted means in memory. */
      dataDir?: string;
      /** Start from a dump made by `dumpPglite` (tests: migrate once, copy per file). */
      loadDataDir?: Blob;
      onQuery?: (query: string) => void;
    }
  | {
      kind: 'postgres';
      url: string;
      poolSize?: number;
      connectionTimeoutMs?: number;
      onQuery?: (query: string) => void;
    };

export interface Database {
  readonly kind: DatabaseConfig['kind'];
  /**
   * Runs `fn` in one transaction as the application role with the practice set for row-level
   * security. Every request's data access goes through here.
   */
  inPractice<T>(practiceId: string, fn: (tx: AppTransaction) => Promise<T>): Promise<T>;
  /**
   * One call, in one round trip, to a request function of the database (`app_read_client`, …):
   * such a function switches to the application role and sets the practice itself, then reads
   * and writes its audit event, all in the call's own implicit transaction (DESIGN: one round
   * trip for the audited read). Returns the call's rows.
   */
  callRequestFunction<T>(call: SQL): Promise<T[]>;
  /**
   * The owner connection: bypasses row-level security. For migrations, the demo seed and
   * platform operations only; callers are named `unsafe…` and audit what they do.
   */
  readonly unsafeOwner: AppDatabase;
  migrate(): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export function migrationsFolder(): string {
  // Resolved through the package name so that it holds from source, tests and the bundled server.
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@mentalspace/db/package.json')), 'migrations');
}

function queryLogger(onQuery?: (query: string) => void): Logger | undefined {
  return onQuery ? { logQuery: (query) => onQuery(query) } : undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The statement that opens a request's transaction. The practice id is inlined (after a strict
 * UUID check) so that BEGIN, the role switch and the tenant setting travel in one round trip.
 */
export function beginInPracticeSql(practiceId: string): string {
  if (!UUID.test(practiceId)) throw new Error('practice id must be a UUID');
  return `begin; select set_config('role', '${APP_ROLE}', true), set_config('app.practice_id', '${practiceId.toLowerCase()}', true)`;
}

const rowsOf = <T>(result: unknown) => (result as { rows: T[] }).rows;

async function inPracticeWith<T>(
  db: AppDatabase,
  practiceId: string,
  fn: (tx: AppTransaction) => Promise<T>,
): Promise<T> {
  return db.transaction(async (tx) => {
    // One statement switches to the RLS-bound role and sets the tenant, both local to this transaction.
    await tx.execute(
      sql`select set_config('role', ${APP_ROLE}, true), set_config('app.practice_id', ${practiceId}, true)`,
    );
    return fn(tx);
  });
}

export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  if (config.kind === 'pglite') {
    // Command-line tools may be the first to open a fresh data dir: create its parents, owner-only.
    if (config.dataDir) await mkdir(dirname(config.dataDir), { recursive: true, mode: 0o700 });
    const client = new PGlite({
      ...(config.dataDir ? { dataDir: config.dataDir } : {}),
      ...(config.loadDataDir ? { loadDataDir: config.loadDataDir } : {}),
      extensions: { btree_gist, pg_trgm },
    });
    await client.waitReady;
    const logger = queryLogger(config.onQuery);
    const db = drizzlePglite({ client, schema, ...(logger ? { logger } : {}) }) as unknown as AppDatabase;
    return {
      kind: 'pglite',
      unsafeOwner: db,
      inPractice: (practiceId, fn) => inPracticeWith(db, practiceId, fn),
      callRequestFunction: async <T>(call: SQL) => rowsOf<T>(await db.execute(call)),
      migrate: async () => {
        await migratePglite(db as never, { migrationsFolder: migrationsFolder() });
      },
      ping: async () => {
        await client.query('select 1');
      },
      close: async () => {
        if (!client.closed) await client.close();
      },
    };
  }

  const pool = new pg.Pool({
    connectionString: config.url,
    max: config.poolSize ?? 10,
    connectionTimeoutMillis: config.connectionTimeoutMs ?? 5_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client that loses its server emits here; without a listener the process would exit.
  // The pool discards the client and the next query opens a new connection, so the app recovers.
  pool.on('error', () => undefined);
  const logger = queryLogger(config.onQuery);
  const db = drizzlePg({ client: pool, schema, ...(logger ? { logger } : {}) }) as unknown as AppDatabase;
  // One drizzle instance per pooled connection, made once: a request's statements run on the
  // connection that holds its transaction.
  const perConnection = new WeakMap<pg.PoolClient, AppTransaction>();
  const inPractice = async <T>(practiceId: string, fn: (tx: AppTransaction) => Promise<T>): Promise<T> => {
    const begin = beginInPracticeSql(practiceId);
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      await client.query(begin);
      let tx = perConnection.get(client);
      if (!tx) {
        tx = drizzlePg({ client, schema, ...(logger ? { logger } : {}) });
        perConnection.set(client, tx);
      }
      const result = await fn(tx);
      await client.query('commit');
      return result;
    } catch (error) {
      await client.query('rollback').catch((rollbackError: Error) => {
        broken = rollbackError; // the connection is unusable: the pool must discard it
      });
      throw error;
    } finally {
      client.release(broken);
    }
  };
  let closed = false;
  return {
    kind: 'postgres',
    unsafeOwner: db,
    inPractice,
    callRequestFunction: async <T>(call: SQL) => rowsOf<T>(await db.execute(call)),
    migrate: async () => {
      await migratePg(db as never, { migrationsFolder: migrationsFolder() });
    },
    ping: async () => {
      await pool.query('select 1');
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}

/** A migrated in-memory PGlite as a tarball, to start each test file from a copy. */
export async function dumpPglite(): Promise<Blob> {
  const database = await openDatabase({ kind: 'pglite' });
  try {
    await database.migrate();
    const client = (database.unsafeOwner as unknown as { $client: PGlite }).$client;
    return await client.dumpDataDir('none');
  } finally {
    await database.close();
  }
}
