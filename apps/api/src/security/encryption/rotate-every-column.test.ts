import { randomBytes } from 'node:crypto';
import { openTestDatabase, type TestDatabase } from '@mentalspace/db/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, createPractice, createStaff, createSupervision } from '../../test/factories';
import { addInsurance, getInsurance } from '../../modules/chart-details/service';
import { setClientSsn } from '../../modules/clients/client-ssn';
import { recordDisclosure } from '../../modules/clients/disclosures';
import { listFlags, listMeasures, recordMeasure, resolveFlag } from '../../modules/measures/service';
import { createNote } from '../../modules/notes/note-drafts';
import { addAddendum, returnNote, signNote } from '../../modules/notes/note-signing';
import { createPsychotherapyNote, getPsychotherapyNote } from '../../modules/psychotherapy-notes/service';
import { readThread, sendMessage } from '../../modules/secure-messages/service';
import { createTreatmentPlan, getTreatmentPlan } from '../../modules/treatment-plans/service';
import type { ServiceContext } from '../../plugins/authenticate';
import type { StaffRole } from '@mentalspace/contracts';
import { scopeFor } from '../policy';
import { addPhiKeyVersion, loadPhiCipher, type RefreshingPhiCipher } from './key-ring';
import { fromBase64 } from './local-master-key';
import { unsafeReencryptPhi } from './rotate';
import { SEALED_TABLES } from './sealed-columns';

type Row = Record<string, string | null> & { id: string };
const rowsOf = (result: unknown) => (result as { rows: Row[] }).rows;

let database: TestDatabase;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

/** Every value of every sealed column, as stored, keyed `table.column` then row id. */
async function storedValues() {
  const found = new Map<string, Map<string, string>>();
  for (const target of SEALED_TABLES) {
    const columns = target.columns.map((c) => sql.identifier(c.column));
    const rows = rowsOf(
      await database.unsafeOwner.execute(
        sql`select id::text as id, ${sql.join(columns, sql`, `)} from ${sql.identifier(target.table)}`,
      ),
    );
    for (const { column } of target.columns) {
      const values = new Map<string, string>();
      for (const row of rows) if (row[column] != null) values.set(row.id, row[column]);
      found.set(`${target.table}.${column}`, values);
    }
  }
  return found;
}

/** Opens every stored value with the AAD that SEALED_TABLES says it is bound to. */
async function plaintexts(phi: RefreshingPhiCipher) {
  const opened = new Map<string, string>();
  const stored = await storedValues();
  for (const target of SEALED_TABLES) {
    for (const { column, boundTo } of target.columns) {
      for (const [id, value] of stored.get(`${target.table}.${column}`)!)
        opened.set(`${target.table}.${column}.${id}`, phi.decrypt(value, boundTo(id)));
    }
  }
  return opened;
}

describe('key rotation covers every sealed column', () => {
  it('leaves no value of any SEALED_TABLES column at the old key version, and every value reads as before', async () => {
    const master = fromBase64(randomBytes(32));
    const phi = await loadPhiCipher(database, master);
    const practice = await createPractice(database);
    const supervisor = await createStaff(database, practice, 'supervisor');
    const clinician = await createStaff(database, practice, 'clinician');
    const frontDesk = await createStaff(database, practice, 'front_desk');
    await createSupervision(database, practice, supervisor, clinician);
    const client = await createClient(database, practice, { clinician });
    const as = (user: { id: string }, role: StaffRole): ServiceContext => ({
      database,
      scope: scopeFor({ userId: user.id, practiceId: practice.id, role }),
      audit: { requestId: 'rotation-test', ip: undefined, userAgent: undefined },
    });
    const byClinician = as(clinician, 'clinician');
    const bySupervisor = as(supervisor, 'supervisor');
    const byFrontDesk = as(frontDesk, 'front_desk');

    // Each sealed column gets a value through the service that writes it in the product.
    await recordDisclosure(byClinician, phi, client.id, {
      disclosedOn: '2026-11-01',
      recipient: 'County court',
      recipientAddress: '1 Court Square',
      description: 'Attendance dates',
      purpose: 'Court order',
      basis: 'court_order',
    });
    const note = await createNote(byClinician, phi, client.id, {
      type: 'contact',
      template: 'contact',
      serviceDate: '2026-11-01',
      content: { sections: { method: 'Phone, 10 minutes', summary: 'Rescheduled' } },
    });
    // The supervisee signs and the supervisor returns it with a comment (the revision's comment);
    // signed again it takes an addendum, and a second return leaves a returned_comment on the note
    // (signing clears it).
    await signNote(byClinician, phi, note.id, note.version);
    const returned = await returnNote(bySupervisor, phi, note.id, 'Add how long the call took.');
    await signNote(byClinician, phi, note.id, returned.version);
    await addAddendum(byClinician, phi, note.id, 'Called back to confirm.');
    const returnedAgain = await returnNote(bySupervisor, phi, note.id, 'Name who called.');
    expect(returnedAgain.status).toBe('draft');
    const processNote = await createPsychotherapyNote(byClinician, phi, client.id, {
      serviceDate: '2026-11-01',
      body: 'Working hypothesis: grief held since the move.',
    });
    const measure = await recordMeasure(
      byClinician,
      phi,
      client.id,
      { instrumentId: 'phq9', answers: { 1: 1, 2: 1, 3: 1, 4: 1, 5: 1, 6: 1, 7: 1, 8: 1, 9: 1 } },
      'office',
    );
    const [flag] = (await listFlags(byClinician, phi, client.id)).items;
    await resolveFlag(byClinician, phi, client.id, flag!.id, 'Safety plan reviewed by phone.');
    const plan = await createTreatmentPlan(byClinician, phi, client.id, {
      effectiveDate: '2026-11-01',
      reviewDate: '2027-02-01',
      fromActive: false,
    });
    await addInsurance(byFrontDesk, phi, client.id, {
      payerName: 'Aetna',
      memberId: 'W123456789',
      subscriberName: 'Self',
      subscriberRelationship: 'self',
      priority: 'primary',
    });
    await setClientSsn(byFrontDesk, phi, client.id, '212486789');
    await sendMessage(byClinician, phi, client.id, 'See you Tuesday at ten.');

    // A table added to SEALED_TABLES without seed data above fails here, by name.
    const before = await storedValues();
    const unseeded = [...before].filter(([, values]) => values.size === 0).map(([key]) => key);
    expect(unseeded, 'sealed columns this test seeds no value for').toEqual([]);
    for (const [key, values] of before) {
      for (const value of values.values()) expect(value, key).toMatch(/^phi1\.1\./);
    }
    const originals = await plaintexts(phi);

    expect(await addPhiKeyVersion(database, master)).toBe(2);
    await phi.refresh();
    const progress = await unsafeReencryptPhi(database, phi, { batchSize: 2 });
    expect(progress.map((p) => p.table)).toEqual(SEALED_TABLES.map((t) => t.table));
    expect(progress.filter((p) => p.rewritten === 0).map((p) => p.table)).toEqual([]);

    for (const target of SEALED_TABLES) {
      const left = sql.join(
        target.columns.map((c) => sql`${sql.identifier(c.column)} like 'phi1.1.%'`),
        sql` or `,
      );
      const [stale] = rowsOf(
        await database.unsafeOwner.execute(
          sql`select count(*)::text as id from ${sql.identifier(target.table)} where ${left}`,
        ),
      );
      expect(stale!.id, `${target.table} values left at version 1`).toBe('0');
    }
    // A sealed column missing from SEALED_TABLES is left behind too: look in every text column.
    const textColumns = rowsOf(
      await database.unsafeOwner.execute(sql`select table_name as id, column_name as "column"
        from information_schema.columns
        where table_schema = 'public' and data_type in ('text', 'character varying')`),
    );
    const leftBehind: string[] = [];
    for (const { id: table, column } of textColumns) {
      const [row] = rowsOf(
        await database.unsafeOwner.execute(
          sql`select count(*)::text as id from ${sql.identifier(table)}
            where ${sql.identifier(column!)} like 'phi1.1.%'`,
        ),
      );
      if (row!.id !== '0') leftBehind.push(`${table}.${column}`);
    }
    expect(leftBehind, 'columns holding values sealed under version 1').toEqual([]);
    const after = await storedValues();
    for (const [key, values] of after) {
      expect(values.size, key).toBe(before.get(key)!.size);
      for (const value of values.values()) expect(value, key).toMatch(/^phi1\.2\./);
    }
    // Every value opens to what it was, with the AAD the services use, under a freshly loaded ring.
    expect(await plaintexts(await loadPhiCipher(database, master))).toEqual(originals);
    expect((await unsafeReencryptPhi(database, phi)).every((p) => p.rewritten === 0)).toBe(true);

    // A sample read back through the services themselves.
    expect((await getPsychotherapyNote(byClinician, phi, processNote.id)).body).toBe(
      'Working hypothesis: grief held since the move.',
    );
    const measures = (await listMeasures(byClinician, phi, client.id)).items;
    expect(measures.find((m) => m.id === measure.id)?.answers).toMatchObject({ '9': 1 });
    expect((await listFlags(byClinician, phi, client.id)).items[0]!.resolution).toBe(
      'Safety plan reviewed by phone.',
    );
    expect((await getTreatmentPlan(byClinician, phi, plan.id)).content).toEqual({ problems: [] });
    expect((await getInsurance(byFrontDesk, phi, client.id)).items[0]!.memberId).toBe('W123456789');
    const thread = await readThread(byClinician, phi, client.id, { limit: 50 });
    expect(thread.items.map((m) => m.body)).toEqual(['See you Tuesday at ten.']);
  });
});
