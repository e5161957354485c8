import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { buildApp } from './app';
import { loggerOptions } from './logger';
import { testAuthDeps, testPhiCipher } from './test/build-test-app';
import { createClient, createPractice, createStaff } from './test/factories';
import { openTestDatabase } from '@mentalspace/db/testing';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, logger: pino(loggerOptions('info'), stream) };
}

describe('logging', () => {
  it('redacts PHI-bearing fields of logged objects', () => {
    const { lines, logger } = capture();
    logger.info({
      client: { legalFirstName: 'Evelyn', dateOfBirth: '1970-01-01', email: 'e@x.test', status: 'active' },
    });
    const line = lines.join('');
    expect(line).not.toContain('Evelyn');
    expect(line).not.toContain('1970-01-01');
    expect(line).not.toContain('e@x.test');
    expect(line).toContain('active');
  });

  it('redacts an SSN wherever a logged object carries one, and request bodies wholesale', () => {
    const { lines, logger } = capture();
    logger.info({ ssn: '212-48-6789' });
    logger.info({ client: { ssn: '212486789', status: 'active' } });
    logger.info({ request: { body: { ssn: '212-48-6789' } } });
    const log = lines.join('');
    expect(log).not.toContain('6789');
    expect(log).toContain('active');
  });

  it('logs requests by path and route without the query string, and database errors without SQL', async () => {
    const { lines, logger } = capture();
    const database = await openTestDatabase();
    const practice = await createPractice(database);
    const owner = await createStaff(database, practice, 'owner');
    await createClient(database, practice, { overrides: { legalLastName: 'Quillfeather' } });
    const app = await buildApp({
      database,
      auth: testAuthDeps(database),
      phi: testPhiCipher(),
      logger,
      testPrincipalHeader: true,
    });
    await app.inject({ url: '/api/v1/clients?q=Quillfeather', headers: { 'x-test-user-id': owner.id } });
    await database.close();
    const failed = await app.inject({
      url: '/api/v1/clients?q=Quillfeather',
      headers: { 'x-test-user-id': owner.id },
    });
    expect(failed.statusCode).toBe(503);
    await app.close();
    const log = lines.join('');
    expect(log).toContain('/api/v1/clients');
    expect(log).not.toContain('Quillfeather');
    expect(log.toLowerCase()).not.toContain('select');
  });
});
