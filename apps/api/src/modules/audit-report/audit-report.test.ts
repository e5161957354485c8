import { auditEvents } from '@mentalspace/db';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/build-test-app';
import { createClient, createPractice, createStaff } from '../../test/factories';
import { csvCell } from './csv';

let t: TestApp;
let owner: { id: string };
let clinician: { id: string };
let client: { id: string };
let practiceId: string;

beforeAll(async () => {
  t = await buildTestApp();
  const practice = await createPractice(t.database);
  practiceId = practice.id;
  owner = await createStaff(t.database, practice, 'owner', { firstName: 'Dana', lastName: 'Owner' });
  clinician = await createStaff(t.database, practice, 'clinician');
  client = await createClient(t.database, practice, { clinician });
  // 60 synthetic events a minute apart: reads by the clinician, sign-ins, one denial; and noise elsewhere.
  const start = Date.parse('2026-11-01T12:00:00Z');
  await t.database.unsafeOwner.insert(auditEvents).values(
    Array.from({ length: 60 }, (_, i) => ({
      practiceId,
      occurredAt: new Date(start + i * 60_000),
      actorUserId: i % 3 === 0 ? owner.id : clinician.id,
      actorRole: i % 3 === 0 ? 'owner' : 'clinician',
      action: i % 3 === 0 ? 'auth.sign_in' : 'client.read',
      resourceType: i % 3 === 0 ? 'session' : 'client',
      clientId: i % 3 === 0 ? null : client.id,
      outcome: i === 59 ? ('denied' as const) : ('success' as const),
      ip: '198.51.100.4',
      details: i === 1 ? { note: '=HYPERLINK("http://evil")' } : null,
    })),
  );
  const other = await createPractice(t.database);
  await t.database.unsafeOwner
    .insert(auditEvents)
    .values({ practiceId: other.id, action: 'client.read', resourceType: 'client' });
});
afterAll(async () => {
  await t.close();
});

const report = (query: string, as = owner) =>
  t.app.inject({ url: `/api/v1/audit/events?${query}`, headers: t.as(as) });
const RANGE = 'from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z';

describe('the audit report', () => {
  it('filters by user, client, action prefix, outcome and time, newest first by default', async () => {
    const byClient = (await report(`${RANGE}&clientId=${client.id}&limit=100`)).json();
    expect(byClient.items).toHaveLength(40);
    expect(byClient.items.every((e: { clientId: string }) => e.clientId === client.id)).toBe(true);
    expect(byClient.items[0].occurredAt > byClient.items[1].occurredAt).toBe(true);

    const signIns = (await report(`${RANGE}&action=auth.&userId=${owner.id}&limit=100`)).json();
    expect(signIns.items).toHaveLength(20);
    expect(signIns.items[0]).toMatchObject({
      actorName: 'Dana Owner',
      actorRole: 'owner',
      ip: '198.51.100.4',
    });

    expect((await report(`${RANGE}&outcome=denied`)).json().items).toHaveLength(1);
    const window = (await report('from=2026-11-01T12:10:00Z&to=2026-11-01T12:19:00Z&sort=oldest')).json();
    expect(window.items.map((e: { occurredAt: string }) => e.occurredAt.slice(11, 16))).toEqual([
      '12:10',
      '12:11',
      '12:12',
      '12:13',
      '12:14',
      '12:15',
      '12:16',
      '12:17',
      '12:18',
      '12:19',
    ]);
  });

  it('pages by keyset with the same number of queries for the first page and a deep one', async () => {
    const seen: string[] = [];
    const counts: number[] = [];
    let cursor: string | null = null;
    do {
      t.database.queries.length = 0;
      const res = await report(`${RANGE}&limit=7&sort=oldest${cursor ? `&cursor=${cursor}` : ''}`);
      counts.push(t.database.queries.length);
      const page = res.json();
      seen.push(...page.items.map((e: { id: string }) => e.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(60);
    expect(new Set(seen).size).toBe(60);
    expect(new Set(counts).size).toBe(1);
  });

  it('audits each reading of the report, naming the filters used but not their values', async () => {
    await report(`${RANGE}&clientId=${client.id}`);
    const [last] = await t.database.unsafeOwner
      .select({ details: auditEvents.details })
      .from(auditEvents)
      .where(and(eq(auditEvents.practiceId, practiceId), eq(auditEvents.action, 'audit.report_viewed')))
      .orderBy(auditEvents.occurredAt)
      .limit(1);
    expect(JSON.stringify(last!.details)).not.toContain(client.id);
  });

  it('exports CSV with the same filters, defuses spreadsheet formulas, and audits the export', async () => {
    const res = await t.app.inject({
      url: `/api/v1/audit/events.csv?${RANGE}&sort=oldest`,
      headers: t.as(owner),
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="audit-\d{4}-\d{2}-\d{2}\.csv"/);
    const lines = res.body.trim().split('\r\n');
    expect(lines[0]).toBe(
      'occurred_at,actor,actor_role,action,outcome,resource_type,resource_id,client_id,ip,request_id,reason,details',
    );
    expect(lines).toHaveLength(61);
    expect(lines[2]).toContain('"{""note"":""=HYPERLINK(\\""http://evil\\"")""}"');
    const exports = await t.database.unsafeOwner
      .select({ details: auditEvents.details })
      .from(auditEvents)
      .where(and(eq(auditEvents.practiceId, practiceId), eq(auditEvents.action, 'audit.exported')));
    expect(exports).toEqual([{ details: { rows: 60, filters: 'from,to' } }]);
  });

  it('is for owners and admins only, and refuses malformed filters with the field named', async () => {
    expect((await report(RANGE, clinician)).statusCode).toBe(403);
    expect(
      (await t.app.inject({ url: `/api/v1/audit/events.csv?${RANGE}`, headers: t.as(clinician) })).statusCode,
    ).toBe(403);
    const bad = await report('cursor=bm90LWEtY3Vyc29y&action=DROP TABLE&from=yesterday');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['query.action', 'query.from']),
    );
    expect((await report('cursor=bm90LWEtY3Vyc29y')).json().errors[0].field).toBe('query.cursor');
  });
});

describe('csv cells', () => {
  it('quote what must be quoted and defuse formulas', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell(null)).toBe('');
  });
});
