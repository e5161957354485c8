import { evaluatePassword, type PasswordPolicy } from '@mentalspace/contracts';
import { AppError } from '../../app-error';
import { writeAudit } from '../../audit/audit-writer';
import type { ServiceContext } from '../../plugins/authenticate';
import { isCommonPassword } from '../../security/password/common-passwords';
import { hashPassword, verifyPassword } from '../../security/password/hash';
import type { AuthDeps } from './auth-deps';
import { revokeOtherSessions } from './session-repo';
import {
  findPasswordIdentity,
  findPracticeSettings,
  recentPasswordHashes,
  replacePassword,
} from './sign-in-repo';
import { passwordPolicyFor, securitySettings } from './security-settings';

export async function getPasswordPolicy(ctx: ServiceContext): Promise<PasswordPolicy> {
  const stored = await ctx.database.inPractice(ctx.scope.practiceId, (tx) =>
    findPracticeSettings(tx, ctx.scope),
  );
  return passwordPolicyFor(securitySettings(stored));
}

/**
 * Changes the caller's password under the practice's policy: the current password first, then
 * the rules, the blocklist and the last N passwords. Other sessions end; this one stays.
 */
export async function changePassword(
  deps: AuthDeps,
  ctx: ServiceContext,
  sessionId: string,
  body: { currentPassword: string; newPassword: string },
): Promise<void> {
  const { scope } = ctx;
  const outcome = await ctx.database.inPractice(scope.practiceId, async (tx) => {
    const user = await findPasswordIdentity(tx, scope, scope.actorUserId);
    if (!user?.passwordHash || !(await verifyPassword(body.currentPassword, user.passwordHash)).ok) {
      await writeAudit(tx, scope, ctx.audit, {
        action: 'auth.password_change',
        resourceType: 'user',
        resourceId: scope.actorUserId,
        outcome: 'failure',
        details: { reason: 'wrong_current_password' },
      });
      return {
        ok: false as const,
        error: new AppError('invalid_credentials', 'The current password is not right'),
      };
    }
    const policy = passwordPolicyFor(securitySettings(await findPracticeSettings(tx, scope)));
    const previous = [
      user.passwordHash,
      ...(await recentPasswordHashes(tx, scope, scope.actorUserId, policy.historyCount - 1)),
    ];
    let reused = false;
    for (const hash of previous.slice(0, policy.historyCount)) {
      if ((await verifyPassword(body.newPassword, hash)).ok) {
        reused = true;
        break;
      }
    }
    const verdict = evaluatePassword(body.newPassword, policy, {
      email: user.email,
      firstName: user.firstName,
      lastName: user.lastName,
      isCommon: isCommonPassword(body.newPassword),
      isReused: reused,
    });
    if (!verdict.ok) {
      return {
        ok: false as const,
        error: new AppError('validation_failed', verdict.unmet.map((u) => u.message).join('; '), {
          fieldErrors: verdict.unmet.map((u) => ({ field: 'body.newPassword', message: u.message })),
        }),
      };
    }
    await replacePassword(
      tx,
      scope,
      scope.actorUserId,
      user.passwordHash,
      await hashPassword(body.newPassword, deps.passwordHashCost),
    );
    const ended = await revokeOtherSessions(tx, scope, scope.actorUserId, sessionId, 'password_changed');
    await writeAudit(tx, scope, ctx.audit, {
      action: 'auth.password_change',
      resourceType: 'user',
      resourceId: scope.actorUserId,
      details: { otherSessionsEnded: ended.length },
    });
    return { ok: true as const, ended };
  });
  if (!outcome.ok) throw outcome.error;
  await deps.activity.end(outcome.ended);
}
