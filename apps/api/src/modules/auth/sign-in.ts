import type { SignInBody } from '@mentalspace/contracts';
import { AppError } from '../../app-error';
import { writeAudit } from '../../audit/audit-writer';
import { unsafeWriteSecurityEvent } from '../../audit/security-event';
import { dummyVerify, hashPassword, verifyPassword } from '../../security/password/hash';
import type { AuditContext } from '../../security/access-scope';
import { scopeFor } from '../../security/policy';
import type { AuthDeps } from './auth-deps';
import { issueSession, type IssuedSession } from './issue-session';
import { recordFailedSignIn, recordSuccessfulSignIn, unsafeFindStaffForSignIn } from './sign-in-repo';
import { lockoutMinutes, securitySettings } from './security-settings';

export type SignInOutcome =
  | { status: 'signed_in'; session: IssuedSession }
  | {
      status: 'mfa_required' | 'mfa_enrollment_required';
      pendingToken: string;
      methods: ('totp' | 'passkey')[];
    };

/** One message for every failure, so the answer never tells whether an account exists. */
const refused = () => new AppError('invalid_credentials', 'The e-mail or password is not right');

/**
 * Password step of staff sign-in. Unknown e-mails, disabled or locked accounts and wrong
 * passwords take the same time and get the same answer; each is recorded as a security event.
 */
export async function signIn(deps: AuthDeps, body: SignInBody, audit: AuditContext): Promise<SignInOutcome> {
  const now = deps.now?.() ?? new Date();
  const user = await unsafeFindStaffForSignIn(deps.database, body.email);
  if (!user || user.status !== 'active' || !user.passwordHash) {
    await dummyVerify(deps.passwordHashCost);
    await unsafeWriteSecurityEvent(deps.database, {
      action: 'auth.sign_in',
      ...audit,
      details: { reason: user ? 'account_unusable' : 'unknown_account' },
    });
    throw refused();
  }
  const settings = securitySettings(user.securitySettings);
  const scope = scopeFor({ userId: user.id, practiceId: user.practiceId, role: user.role });

  if (user.lockedUntil && user.lockedUntil > now) {
    await dummyVerify(deps.passwordHashCost);
    await deps.database.inPractice(scope.practiceId, (tx) =>
      writeAudit(tx, scope, audit, {
        action: 'auth.sign_in',
        resourceType: 'user',
        resourceId: user.id,
        outcome: 'denied',
        details: { reason: 'locked' },
      }),
    );
    throw refused();
  }

  const verdict = await verifyPassword(body.password, user.passwordHash, deps.passwordHashCost);
  if (!verdict.ok) {
    await deps.database.inPractice(scope.practiceId, async (tx) => {
      const failures = user.failedSignIns + 1;
      const minutes = lockoutMinutes(settings, failures);
      await recordFailedSignIn(tx, scope, minutes > 0 ? new Date(now.getTime() + minutes * 60_000) : null);
      await writeAudit(tx, scope, audit, {
        action: 'auth.sign_in',
        resourceType: 'user',
        resourceId: user.id,
        outcome: 'failure',
        details: { reason: 'wrong_password', failures, lockedMinutes: minutes },
      });
    });
    throw refused();
  }

  const rehash = verdict.needsRehash ? await hashPassword(body.password, deps.passwordHashCost) : null;
  const enrolled = user.hasTotp || user.hasPasskey;
  const needsFactor = enrolled || settings.mfaRequiredForStaff;
  return deps.database.inPractice(scope.practiceId, async (tx): Promise<SignInOutcome> => {
    await recordSuccessfulSignIn(tx, scope, rehash);
    if (needsFactor) {
      await writeAudit(tx, scope, audit, {
        action: 'auth.password_verified',
        resourceType: 'user',
        resourceId: user.id,
        details: { next: enrolled ? 'mfa' : 'mfa_enrollment' },
      });
      const pendingToken = await deps.tokens.signPending({
        sub: user.id,
        pid: user.practiceId,
        role: user.role,
        purpose: 'mfa',
      });
      return {
        status: enrolled ? 'mfa_required' : 'mfa_enrollment_required',
        pendingToken,
        methods: [
          ...(user.hasTotp ? ['totp' as const] : []),
          ...(user.hasPasskey ? ['passkey' as const] : []),
        ],
      };
    }
    return { status: 'signed_in', session: await issueSession(deps, tx, scope, audit, settings, 'pwd') };
  });
}
