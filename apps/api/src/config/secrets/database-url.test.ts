import { describe, expect, it } from 'vitest';
import {
  databaseCredentialsFromJson,
  databaseCredentialsToJson,
  formatDatabaseUrl,
  parseDatabaseUrl,
} from './database-url';

describe('database URLs', () => {
  it('round-trips credentials with characters that need escaping', () => {
    const credentials = {
      username: 'app user',
      password: 'p@ss:w/rd%?#',
      host: 'db.example',
      port: 6543,
      database: 'ehr',
    };
    const url = formatDatabaseUrl(credentials, 'verify-full');
    expect(url).toMatch(
      /^postgres:\/\/app%20user:p%40ss%3Aw%2Frd%25%3F%23@db\.example:6543\/ehr\?sslmode=verify-full$/,
    );
    expect(parseDatabaseUrl(url)).toEqual({ ...credentials, sslMode: 'verify-full' });
  });

  it('converts between a URL and the RDS-shaped JSON', () => {
    const parsed = parseDatabaseUrl('postgresql://u:p@h/d');
    expect(databaseCredentialsToJson(parsed)).toEqual({
      engine: 'postgres',
      host: 'h',
      port: 5432,
      username: 'u',
      password: 'p',
      dbname: 'd',
    });
    expect(databaseCredentialsFromJson({ host: 'h', port: '5433', username: 'u', password: 'p' })).toEqual({
      host: 'h',
      port: 5433,
      username: 'u',
      password: 'p',
      database: 'postgres',
    });
    expect(databaseCredentialsFromJson({ host: 'h', username: 'u' })).toBeUndefined();
  });

  it('rejects what is not a PostgreSQL URL without echoing it', () => {
    expect(() => parseDatabaseUrl('mysql://u:secretpw@h/d')).toThrow('DATABASE_URL must use postgres://');
    expect(() => parseDatabaseUrl('not a url secretpw')).toThrow('DATABASE_URL is not a valid URL');
    expect(() => parseDatabaseUrl('postgres://h')).toThrow(/must name a host, a user and a database/);
  });
});
