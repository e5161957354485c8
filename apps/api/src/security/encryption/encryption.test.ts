import { randomBytes } from 'node:crypto';
import { DecryptCommand, EncryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { clients, clinicalNotes, disclosures, phiDataKeys } from '@mentalspace/db';
import { openTestDatabase, type TestDatabase } from '@mentalspace/db/testing';
import { mockClient } from 'aws-sdk-client-mock';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClient, createPractice, createStaff } from '../../test/factories';
import { findClientsBySsn, revealClientSsn, setClientSsn } from '../../modules/clients/client-ssn';
import { recordDisclosure, listDisclosures } from '../../modules/clients/disclosures';
import { createNote } from '../../modules/notes/note-drafts';
import { getNote } from '../../modules/notes/note-reads';
import { addAddendum, signNote } from '../../modules/notes/note-signing';
import { scopeFor } from '../policy';
import { addPhiKeyVersion, loadPhiCipher } from './key-ring';
import { fromBase64 } from './local-master-key';
import { kmsMasterKey } from './master-key';
import { createPhiCipher } from './phi-cipher';
import { unsafeReencryptPhi } from './rotate';

const cipher = () => createPhiCipher(new Map([[1, randomBytes(32)]]), randomBytes(32));
const failure = (work: () => unknown) => {
  try {
    work();
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('expected a failure');
};

describe('PHI cipher (AES-256-GCM, bound to the record)', () => {
  it('round-trips with a fresh IV each time', () => {
    const phi = cipher();
    const a = phi.encrypt('123-45-6789', 'clients:ssn:1');
    const b = phi.encrypt('123-45-6789', 'clients:ssn:1');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^phi1\.1\./);
    expect(phi.decrypt(a, 'clients:ssn:1')).toBe('123-45-6789');
  });

  it('refuses a value moved to another row or column, tampered with, or truncated, naming no PHI', () => {
    const phi = cipher();
    const sealed = phi.encrypt('Marisol Quintero, DOB 1990-05-17', 'disclosures:recipient:A');
    const body = sealed.split('.');
    const flipped = [
      ...body.slice(0, 3),
      Buffer.from(Buffer.from(body[3]!, 'base64url').map((b, i) => (i === 3 ? b ^ 1 : b))).toString(
        'base64url',
      ),
    ].join('.');
    for (const attempt of [
      () => phi.decrypt(sealed, 'disclosures:recipient:B'),
      () => phi.decrypt(sealed, 'disclosures:purpose:A'),
      () => phi.decrypt(flipped, 'disclosures:recipient:A'),
      () => phi.decrypt(sealed.slice(0, -6), 'disclosures:recipient:A'),
      () => phi.decrypt('phi1.9.' + body.slice(2).join('.'), 'disclosures:recipient:A'),
      () => phi.decrypt('plain text', 'disclosures:recipient:A'),
    ]) {
      const error = failure(attempt);
      expect(error.code).toBe('internal_error');
      expect(error.message).not.toContain('Marisol');
    }
  });

  it('computes a blind index: equal for the same value whatever its case, different per purpose', () => {
    const phi = cipher();
    expect(phi.blindIndex('AB123', 'member_id')).toBe(phi.blindIndex(' ab123 ', 'member_id'));
    expect(phi.blindIndex('AB123', 'member_id')).not.toBe(phi.blindIndex('AB123', 'ssn'));
    expect(phi.blindIndex('AB123', 'member_id')).not.toContain('AB123');
  });
});

describe('key ring and rotation (local master key, real database)', () => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await openTestDatabase();
  });
  afterEach(async () => {
    await database.close();
  });

  it('creates its keys once, stores them wrapped, and reloads the same ones', async () => {
    const master = fromBase64(randomBytes(32));
    const first = await loadPhiCipher(database, master);
    const sealed = first.encrypt('note', 'x:y:z');
    const second = await loadPhiCipher(database, master);
    expect(second.decrypt(sealed, 'x:y:z')).toBe('note');
    const rows = await database.unsafeOwner.select().from(phiDataKeys);
    expect(rows.map((r) => r.version).sort()).toEqual([0, 1]);
    expect(rows.every((r) => r.wrappedBy === master.id)).toBe(true);
    // Another master cannot unwrap them.
    await expect(loadPhiCipher(database, fromBase64(randomBytes(32)))).rejects.toThrow();
  });

  it('rotates: new writes use the new version, old values stay readable, re-encryption resumes after a crash', async () => {
    const master = fromBase64(randomBytes(32));
    let phi = await loadPhiCipher(database, master);
    const practice = await createPractice(database);
    const clinician = await createStaff(database, practice, 'clinician');
    const client = await createClient(database, practice, { clinician });
    const ctx = {
      database,
      scope: scopeFor({ userId: clinician.id, practiceId: practice.id, role: 'clinician' }),
      audit: { requestId: 'test', ip: undefined, userAgent: undefined },
    };
    for (let i = 0; i < 5; i++)
      await recordDisclosure(ctx, phi, client.id, {
        disclosedOn: '2026-11-01',
        recipient: `Recipient ${i}`,
        recipientAddress: i % 2 ? null : `Street ${i}`,
        description: 'Attendance dates',
        purpose: 'Court order',
        basis: 'court_order',
      });
    // A signed note, its addendum and revision: frozen for the app, re-encrypted by rotation.
    const note = await createNote(ctx, phi, client.id, {
      type: 'contact',
      template: 'contact',
      serviceDate: '2026-11-01',
      content: { sections: { method: 'Phone, 10 minutes', summary: 'Rescheduled' } },
    });
    await signNote(ctx, phi, note.id, note.version);
    await addAddendum(ctx, phi, note.id, 'Called back to confirm.');
    const [stored] = await database.unsafeOwner.select().from(disclosures).limit(1);
    expect(stored!.recipient).toMatch(/^phi1\.1\./);
    expect(stored!.recipient).not.toContain('Recipient');

    expect(await addPhiKeyVersion(database, master)).toBe(2);
    await phi.refresh();
    expect(phi.currentVersion).toBe(2);
    expect(phi.encrypt('new', 'a:b:c')).toMatch(/^phi1\.2\./);
    const rewrittenIn = (progress: { table: string; rewritten: number }[], table: string) =>
      progress.find((p) => p.table === table)?.rewritten;
    // Mid-rotation: a crash after two batches of two.
    const partial = await unsafeReencryptPhi(database, phi, { batchSize: 2, maxBatches: 2 });
    expect(rewrittenIn(partial, 'disclosures')).toBe(4);
    expect(rewrittenIn(partial, 'clinical_notes')).toBe(1);
    expect(rewrittenIn(partial, 'note_addenda')).toBe(1);
    expect(rewrittenIn(partial, 'note_revisions')).toBe(1);
    const listed = await listDisclosures(ctx, phi, client.id);
    expect(listed.items.map((d) => d.recipient).sort()).toEqual([0, 1, 2, 3, 4].map((i) => `Recipient ${i}`));
    // Resumed: only what is left, then nothing.
    expect(rewrittenIn(await unsafeReencryptPhi(database, phi, { batchSize: 2 }), 'disclosures')).toBe(1);
    expect((await unsafeReencryptPhi(database, phi)).every((p) => p.rewritten === 0)).toBe(true);
    const reread = await getNote(ctx, phi, note.id);
    expect(reread.content?.sections.summary).toBe('Rescheduled');
    expect(reread.addenda[0]!.body).toBe('Called back to confirm.');
    const [storedNote] = await database.unsafeOwner
      .select()
      .from(clinicalNotes)
      .where(eq(clinicalNotes.id, note.id));
    expect(storedNote!.content).toMatch(/^phi1\.2\./);
    const all = await database.unsafeOwner
      .select()
      .from(disclosures)
      .where(eq(disclosures.clientId, client.id));
    expect(all.every((d) => d.recipient.startsWith('phi1.2.') && d.purpose.startsWith('phi1.2.'))).toBe(true);
    phi = await loadPhiCipher(database, master);
    expect((await listDisclosures(ctx, phi, client.id)).items).toHaveLength(5);
  });

  it("rotates clients' SSNs too, leaving the blind index as it was so lookups keep working", async () => {
    const master = fromBase64(randomBytes(32));
    const phi = await loadPhiCipher(database, master);
    const practice = await createPractice(database);
    const frontDesk = await createStaff(database, practice, 'front_desk');
    const client = await createClient(database, practice);
    const ctx = {
      database,
      scope: scopeFor({ userId: frontDesk.id, practiceId: practice.id, role: 'front_desk' }),
      audit: { requestId: 'test', ip: undefined, userAgent: undefined },
    };
    await setClientSsn(ctx, phi, client.id, '212486789');
    const row = async () =>
      (await database.unsafeOwner.select().from(clients).where(eq(clients.id, client.id)))[0]!;
    const before = await row();
    expect(before.ssn).toMatch(/^phi1\.1\./);

    expect(await addPhiKeyVersion(database, master)).toBe(2);
    await phi.refresh();
    const progress = await unsafeReencryptPhi(database, phi);
    expect(progress.find((p) => p.table === 'clients')?.rewritten).toBe(1);
    const after = await row();
    expect(after.ssn).toMatch(/^phi1\.2\./);
    expect(after.ssnIndex).toBe(before.ssnIndex);
    expect((await revealClientSsn(ctx, phi, client.id)).ssn).toBe('212-48-6789');
    expect((await findClientsBySsn(ctx, phi, '212486789')).items.map((c) => c.id)).toEqual([client.id]);
    expect((await unsafeReencryptPhi(database, phi)).every((p) => p.rewritten === 0)).toBe(true);
  });
});

describe('KMS master key (AWS SDK mocked)', () => {
  it('wraps and unwraps data keys through KMS with an encryption context', async () => {
    const kms = mockClient(KMSClient);
    // A stand-in for KMS: "encrypts" by reversing the bytes, and checks the context on the way back.
    kms.on(EncryptCommand).callsFake((input: { Plaintext: Uint8Array }) => ({
      CiphertextBlob: Uint8Array.from(input.Plaintext).reverse(),
    }));
    kms
      .on(DecryptCommand)
      .callsFake((input: { CiphertextBlob: Uint8Array; EncryptionContext?: Record<string, string> }) => {
        if (input.EncryptionContext?.purpose !== 'mentalspace-phi-data-key')
          throw new Error('context mismatch');
        return { Plaintext: Uint8Array.from(input.CiphertextBlob).reverse() };
      });
    try {
      const master = kmsMasterKey(new KMSClient({ region: 'us-east-1' }), 'alias/mentalspace/prod/phi');
      const key = randomBytes(32);
      const wrapped = await master.wrap(key);
      expect(Buffer.from(wrapped, 'base64url').equals(key)).toBe(false);
      expect((await master.unwrap(wrapped)).equals(key)).toBe(true);
      expect(master.id).toBe('kms:alias/mentalspace/prod/phi');
      expect(kms.commandCalls(EncryptCommand)[0]!.args[0].input).toMatchObject({
        KeyId: 'alias/mentalspace/prod/phi',
        EncryptionContext: { purpose: 'mentalspace-phi-data-key' },
      });
    } finally {
      kms.restore();
    }
  });
});
