/** Database credentials as RDS stores them in Secrets Manager (engine, host, port, username, password, dbname). */
export interface DatabaseCredentials {
  username: string;
  password: string;
  host: string;
  port: number;
  database: string;
}

export type SslMode = 'disable' | 'require' | 'verify-ca' | 'verify-full' | 'no-verify';

/** `postgres://user:password@host:port/db`, every part percent-encoded, with an optional sslmode. */
export function formatDatabaseUrl(credentials: DatabaseCredentials, sslMode?: SslMode): string {
  const url = new URL('postgres://placeholder');
  url.username = encodeURIComponent(credentials.username);
  url.password = encodeURIComponent(credentials.password);
  url.hostname = credentials.host;
  url.port = String(credentials.port);
  url.pathname = `/${encodeURIComponent(credentials.database)}`;
  if (sslMode) url.searchParams.set('sslmode', sslMode);
  return url.toString();
}

/** The inverse: what the migration script stores as structured credentials. Throws naming no part of the URL. */
export function parseDatabaseUrl(value: string): DatabaseCredentials & { sslMode?: string } {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error('DATABASE_URL is not a valid URL');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:')
    throw new Error('DATABASE_URL must use postgres:// or postgresql://');
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!url.hostname || !url.username || !database)
    throw new Error('DATABASE_URL must name a host, a user and a database');
  const sslMode = url.searchParams.get('sslmode') ?? undefined;
  return {
    username: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    host: url.hostname,
    port: url.port ? Number(url.port) : 5432,
    database,
    ...(sslMode ? { sslMode } : {}),
  };
}

/** Reads the RDS-shaped JSON secret; undefined when a part is missing. */
export function databaseCredentialsFromJson(json: Record<string, unknown>): DatabaseCredentials | undefined {
  const { username, password, host, port, dbname } = json;
  const portNumber = typeof port === 'number' ? port : typeof port === 'string' ? Number(port) : 5432;
  if (typeof username !== 'string' || typeof password !== 'string' || typeof host !== 'string')
    return undefined;
  if (!username || !password || !host || !Number.isInteger(portNumber)) return undefined;
  return {
    username,
    password,
    host,
    port: portNumber,
    database: typeof dbname === 'string' && dbname ? dbname : 'postgres',
  };
}

/** The RDS-shaped JSON the migration script writes for a DATABASE_URL. */
export function databaseCredentialsToJson(credentials: DatabaseCredentials): Record<string, string | number> {
  return {
    engine: 'postgres',
    host: credentials.host,
    port: credentials.port,
    username: credentials.username,
    password: credentials.password,
    dbname: credentials.database,
  };
}
