import bcrypt from 'bcrypt';

/** bcrypt cost for new hashes: 2^12 rounds (~250 ms here), raised over time; old hashes are re-hashed at sign-in. */
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
  const rounds = ok ? bcrypt.getRounds(hash) : cost;
  return { ok, needsRehash: ok && rounds < cost };
}

// A fixed hash of a random string, so that a sign-in for an unknown account costs what a real
// verification costs and its timing does not reveal that the account does not exist.
const DUMMY_HASH = '$2b$12$C6UzMDM.H6dfI/f/IKcEeO3jD4U3G0G1P5yS1Uo6qN0u0Q0m0Q0zu';

export async function dummyVerify(): Promise<void> {
  await bcrypt.compare('not-a-password', DUMMY_HASH).catch(() => false);
}
