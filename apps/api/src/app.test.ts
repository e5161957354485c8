import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { connect, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { auditEvents } from '@mentalspace/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './test/build-test-app';
import { createClient, createPractice, createStaff } from './test/factories';

describe('the app as the server builds it (no test principal header)', () => {
  let t: TestApp;
  let client: { id: string };
  let owner: { id: string };
  beforeAll(async () => {
    t = await buildTestApp({ testPrincipalHeader: false });
    const practice = await createPractice(t.database);
    owner = await createStaff(t.database, practice, 'owner');
    client = await createClient(t.database, practice);
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers 401 on every protected route, whatever header is sent', async () => {
    for (const url of [
      '/api/v1/clients',
      `/api/v1/clients/${client.id}`,
      '/api/v1/session',
      '/api/v1/staff',
    ]) {
      const res = await t.app.inject({ url, headers: t.as(owner) });
      expect(res.statusCode, url).toBe(401);
      expect(res.json().code).toBe('unauthenticated');
    }
  });

  it('has no development user list', async () => {
    const res = await t.app.inject({ url: '/api/v1/dev/users' });
    expect(res.statusCode).toBe(404);
  });

  it('still serves health and the OpenAPI document', async () => {
    expect((await t.app.inject({ url: '/api/v1/health/live' })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/v1/openapi.json' })).statusCode).toBe(200);
  });

  it('answers oversized headers and garbage on the wire with problem+json, over a real socket', async () => {
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = t.app.server.address() as AddressInfo;
    const raw = (request: string) =>
      new Promise<string>((resolve, reject) => {
        let answer = '';
        const socket = connect(port, '127.0.0.1', () => socket.end(request));
        socket.on('data', (d: Buffer) => (answer += d.toString()));
        socket.on('end', () => resolve(answer));
        socket.on('error', reject);
      });
    const huge = await raw(
      `GET /api/v1/session HTTP/1.1\r\nHost: x\r\nCookie: ms_access=${'a'.repeat(40_000)}\r\n\r\n`,
    );
    expect(huge).toMatch(/^HTTP\/1\.1 431 /);
    expect(huge).toContain('application/problem+json');
    expect(JSON.parse(huge.slice(huge.indexOf('\r\n\r\n') + 4))).toMatchObject({
      status: 431,
      code: 'request_headers_too_large',
    });
    const garbage = await raw('NOT-HTTP \u0000\u0001\r\n\r\n');
    expect(garbage).toMatch(/^HTTP\/1\.1 400 /);
    expect(garbage).toContain('"code":"malformed_request"');
    // Both refusals are security events (written without waiting: poll briefly for them).
    let events: unknown[] = [];
    for (let i = 0; i < 50 && events.length < 2; i++) {
      events = await t.database.unsafeOwner
        .select({ details: auditEvents.details })
        .from(auditEvents)
        .where(eq(auditEvents.action, 'http.request_refused'));
      if (events.length < 2) await new Promise((r) => setTimeout(r, 20));
    }
    expect(events).toHaveLength(2);
    expect(events).toEqual(
      expect.arrayContaining([
        { details: { parserError: 'HPE_HEADER_OVERFLOW' } },
        { details: expect.objectContaining({ parserError: expect.any(String) }) },
      ]),
    );
  });
});

describe('the HTTP surface', () => {
  let t: TestApp;
  let webRoot: string;
  beforeAll(async () => {
    webRoot = await mkdtemp(join(tmpdir(), 'ms-web-'));
    await writeFile(join(webRoot, 'index.html'), '<!doctype html><title>MentalSpace</title>');
    t = await buildTestApp({ webRoot });
  });
  afterAll(async () => {
    await t.close();
    await rm(webRoot, { recursive: true, force: true });
  });

  it('publishes an OpenAPI 3.1 document generated from the route schemas', async () => {
    const res = await t.app.inject({ url: '/api/v1/openapi.json' });
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/clients',
        '/api/v1/clients/{id}',
        '/api/v1/appointments',
        '/api/v1/health/ready',
      ]),
    );
    expect(doc.paths['/api/v1/clients'].get.parameters.map((p: { name: string }) => p.name)).toContain('q');
  });

  it('answers unknown API routes with a problem+json 404', async () => {
    const res = await t.app.inject({ url: '/api/v1/nothing-here?secret=1' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code: 'route_not_found', instance: '/api/v1/nothing-here' });
  });

  it('serves the web app for client-side routes, with security headers', async () => {
    const res = await t.app.inject({ url: '/clients/some-id' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<title>MentalSpace</title>');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('sends the same security headers on API answers, refusals and unknown routes', async () => {
    for (const url of ['/api/v1/health/live', '/api/v1/clients', '/api/v1/nothing-here']) {
      const res = await t.app.inject({ url });
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(res.headers['strict-transport-security']).toMatch(/^max-age=\d+; includeSubDomains$/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
  });

  it('marks API responses as not cacheable and tags them with the request id', async () => {
    const res = await t.app.inject({ url: '/api/v1/health/live' });
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses a malformed test principal header with 401 and an unknown one with 401', async () => {
    const bad = await t.app.inject({ url: '/api/v1/clients', headers: { 'x-test-user-id': "1' or '1'='1" } });
    expect(bad.statusCode).toBe(401);
    const unknown = await t.app.inject({
      url: '/api/v1/clients',
      headers: { 'x-test-user-id': '01a203ea-0000-7000-8000-000000000000' },
    });
    expect(unknown.statusCode).toBe(401);
  });

  it('describes the caller and lists clinicians for the schedule picker', async () => {
    const practice = await createPractice(t.database, 'Session Practice');
    const clinician = await createStaff(t.database, practice, 'clinician');
    await createStaff(t.database, practice, 'front_desk');
    const session = await t.app.inject({ url: '/api/v1/session', headers: t.as(clinician) });
    expect(session.json()).toMatchObject({
      user: { id: clinician.id, role: 'clinician' },
      practice: { id: practice.id, name: 'Session Practice' },
    });
    const staff = await t.app.inject({ url: '/api/v1/staff?clinical=true', headers: t.as(clinician) });
    expect(staff.json().items.map((s: { id: string }) => s.id)).toEqual([clinician.id]);
    // The development-era staff picker is gone for good.
    expect((await t.app.inject({ url: '/api/v1/dev/users', headers: t.as(clinician) })).statusCode).toBe(404);
  });
});
