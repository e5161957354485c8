import bcrypt from 'bcrypt';
import { describe, expect, it } from 'vitest';
import { dummyVerify, hashPassword, PASSWORD_HASH_COST, verifyPassword } from './hash';

describe('password hashing', () => {
  it('hashes with bcrypt at cost 12 by default', async () => {
    expect(PASSWORD_HASH_COST).toBe(12);
    const hash = await hashPassword('Lantern-Orchid-47!');
    expect(hash.startsWith('$2b$12$')).toBe(true);
    expect(await verifyPassword('Lantern-Orchid-47!', hash)).toEqual({ ok: true, needsRehash: false });
  });

  it('flags a weaker stored hash for re-hashing, only on success', async () => {
    const weak = await bcrypt.hash('Lantern-Orchid-47!', 4);
    expect(await verifyPassword('Lantern-Orchid-47!', weak)).toEqual({ ok: true, needsRehash: true });
    expect(await verifyPassword('wrong', weak)).toEqual({ ok: false, needsRehash: false });
    expect(await verifyPassword('anything', 'not-a-hash')).toEqual({ ok: false, needsRehash: false });
  });

  it('spends real bcrypt work for unknown accounts', async () => {
    await expect(dummyVerify()).resolves.toBeUndefined();
  });
});
