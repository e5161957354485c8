import bcrypt from 'bcrypt';
import { describe, expect, it } from 'vitest';
import { DUMMY_HASH, dummyVerify, hashPassword, PASSWORD_HASH_COST, verifyPassword } from './hash';

describe('password hashing', () => {
  it('hashes with bcrypt at cost 12 by default', async () => {
    expect(PASSWORD_HASH_COST).toBe(12);
    const hash = await hashPassword('Lantern-Orchid-47!');
    expect(hash.startsWith('$2b$12$')).toBe(true);
    expect(await verifyPassword('Lantern-Orchid-47!', hash)).toEqual({ ok: true, needsRehash: false });
  });

  it('salts each hash', async () => {
    const [a, b] = await Promise.all([
      hashPassword('same-Password-9!', 4),
      hashPassword('same-Password-9!', 4),
    ]);
    expect(a).not.toBe(b);
  });

  it('flags a cost-10 hash for re-hashing after a successful sign-in', async () => {
    const older = await hashPassword('Lantern-Orchid-47!', 10);
    expect(older.startsWith('$2b$10$')).toBe(true);
    expect(await verifyPassword('Lantern-Orchid-47!', older)).toEqual({ ok: true, needsRehash: true });
  });

  it('never flags a re-hash for a wrong password, and treats a damaged hash as a mismatch', async () => {
    const weak = await hashPassword('Lantern-Orchid-47!', 4);
    expect(await verifyPassword('Lantern-Orchid-47!', weak, 4)).toEqual({ ok: true, needsRehash: false });
    expect(await verifyPassword('wrong', weak)).toEqual({ ok: false, needsRehash: false });
    expect(await verifyPassword('anything', 'not-a-hash')).toEqual({ ok: false, needsRehash: false });
    expect(await verifyPassword('anything', '')).toEqual({ ok: false, needsRehash: false });
  });

  it('spends real bcrypt work for unknown accounts, at the cost real accounts have', async () => {
    expect(bcrypt.getRounds(DUMMY_HASH)).toBe(PASSWORD_HASH_COST);
    expect(await verifyPassword('not-a-password', DUMMY_HASH)).toEqual({ ok: false, needsRehash: false });
    await expect(dummyVerify()).resolves.toBeUndefined();
    await expect(dummyVerify(4)).resolves.toBeUndefined();
  });
});
