import { evaluatePassword, type PasswordEvaluation, type PasswordPolicy } from '@mentalspace/contracts';
import { isCommonPassword, loadCommonPasswords } from './common-passwords';
import { verifyPassword } from './hash';

export interface NewPasswordCandidate {
  password: string;
  policy: PasswordPolicy;
  user: { email?: string | undefined; firstName?: string | undefined; lastName?: string | undefined };
  /** bcrypt hashes of the user's passwords, newest first, the current one included. */
  previousHashes: readonly string[];
}

/**
 * The server's verdict on a new password: the shared rules and score, plus what only the server
 * knows, the breached-password blocklist and the last `policy.historyCount` passwords.
 */
export async function checkNewPassword(
  candidate: NewPasswordCandidate,
  commonPasswords: ReadonlySet<string> = loadCommonPasswords(),
): Promise<PasswordEvaluation> {
  const { password, policy, user } = candidate;
  return evaluatePassword(password, policy, {
    email: user.email,
    firstName: user.firstName,
    lastName: user.lastName,
    isCommon: isCommonPassword(password, commonPasswords),
    isReused: await matchesAny(password, candidate.previousHashes.slice(0, policy.historyCount)),
  });
}

// One at a time and stopping at the first match: each comparison is a full bcrypt run, and a
// burst of them in parallel would take the libuv pool from every sign-in on this instance.
async function matchesAny(password: string, hashes: readonly string[]): Promise<boolean> {
  for (const hash of hashes) {
    if ((await verifyPassword(password, hash)).ok) return true;
  }
  return false;
}
