import { AppError } from '../../app-error';
import { writeAudit } from '../../audit/audit-writer';
import type { ServiceContext } from '../../plugins/authenticate';
import { verifyPassword } from '../../security/password/hash';
import { markReauthenticated } from './session-repo';
import { findPasswordHash } from './sign-in-repo';

/**
 * Confirms the password inside a live session; sensitive changes (enrolling or removing a factor,
 * new backup codes) then proceed for the practice's re-authentication window.
 */
export async function reauthenticate(
  ctx: ServiceContext,
  sessionId: string,
  password: string,
  now: Date = new Date(),
): Promise<void> {
  const ok = await ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
    const hash = await findPasswordHash(tx, ctx.scope, ctx.scope.actorUserId);
    const verified = hash ? (await verifyPassword(password, hash)).ok : false;
    if (verified) await markReauthenticated(tx, ctx.scope, sessionId, now);
    await writeAudit(tx, ctx.scope, ctx.audit, {
      action: 'auth.reauthenticate',
      resourceType: 'session',
      resourceId: sessionId,
      outcome: verified ? 'success' : 'failure',
    });
    return verified;
  });
  if (!ok) throw new AppError('invalid_credentials', 'The password is not right');
}
