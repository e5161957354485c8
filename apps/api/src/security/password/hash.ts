import { randomBytes } from 'node:crypto';
import bcrypt from 'bcrypt';

/**
 * bcrypt cost for new hashes: 2^12 rounds, about 200 ms on this project's machines, raised over
 * time; older hashes are re-hashed at the next successful sign-in. bcrypt reads only the first
 * 72 bytes of a password, which for a 12-character minimum leaves the strength intact.
 */
export const PASSWORD_HASH_COST = 12;

export async function hashPassword(password: string, cost = PASSWORD_HASH_COST): Promise<string> {
  return bcrypt.hash(password, cost);
}

/** Verifies and says whether the stored hash is weaker than today's cost (re-hash on success). */
export async function verifyPassword(
  password: string,
  hash: string,
  cost = PASSWORD_HASH_COST,
): Promise<{ ok: boolean; needsRehash: boolean }> {
  let ok = false;
  try {
    ok = await bcrypt.compare(password, hash);
  } catch {
    ok = false;
  }
  return { ok, needsRehash: ok && bcrypt.getRounds(hash) < cost };
}

/**
 * A well-formed cost-12 bcrypt hash that no known password matches. A sign-in for an unknown account is
 * checked against it, so that it costs what a real verification costs and its timing does not
 * reveal that the account does not exist.
 */
export const DUMMY_HASH = '$2b$12$C6UzMDM.H6dfI/f/IKcEeO3jD4U3G0G1P5yS1Uo6qN0u0Q0m0Q0zu';

const dummyHashes = new Map<number, Promise<string>>([[PASSWORD_HASH_COST, Promise.resolve(DUMMY_HASH)]]);

/**
 * Burns one verification's worth of bcrypt work. Pass the deployment's cost when it is not the
 * default, so the dummy matches the hashes real accounts have; other costs get a hash made once.
 */
export async function dummyVerify(cost = PASSWORD_HASH_COST): Promise<void> {
  let hash = dummyHashes.get(cost);
  if (!hash) {
    hash = bcrypt.hash(randomBytes(16).toString('base64'), cost);
    dummyHashes.set(cost, hash);
  }
  await bcrypt.compare('not-a-password', await hash).catch(() => false);
}
