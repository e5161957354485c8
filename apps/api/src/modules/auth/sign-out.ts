import { writeAudit } from '../../audit/audit-writer';
import type { ServiceContext } from '../../plugins/authenticate';
import type { AuthDeps } from './auth-deps';
import { revokeSession, revokeUserSessions } from './session-repo';

/** Ends this session now, on every instance. */
export async function signOut(deps: AuthDeps, ctx: ServiceContext, sessionId: string): Promise<void> {
  await ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
    await revokeSession(tx, ctx.scope, sessionId, 'sign_out');
    await writeAudit(tx, ctx.scope, ctx.audit, {
      action: 'auth.sign_out',
      resourceType: 'session',
      resourceId: sessionId,
    });
  });
  await deps.activity.end([sessionId]);
}

/** "Sign out everywhere": every live session of the caller ends on its next request. */
export async function signOutEverywhere(deps: AuthDeps, ctx: ServiceContext): Promise<number> {
  const ended = await ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
    const ids = await revokeUserSessions(tx, ctx.scope, ctx.scope.actorUserId, 'sign_out_everywhere');
    await writeAudit(tx, ctx.scope, ctx.audit, {
      action: 'auth.sign_out_everywhere',
      resourceType: 'session',
      details: { sessions: ids.length },
    });
    return ids;
  });
  await deps.activity.end(ended);
  return ended.length;
}
