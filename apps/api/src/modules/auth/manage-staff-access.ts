import { AppError, notFound } from '../../app-error';
import { writeAudit } from '../../audit/audit-writer';
import type { ServiceContext } from '../../plugins/authenticate';
import { canManageStaff } from '../../security/policy';
import type { AuthDeps } from './auth-deps';
import { liveSessionsView } from './list-sessions';
import { resetMfa } from './mfa-repo';
import { listLiveSessions, revokeUserSessions } from './session-repo';
import { deactivateUser, findStaffMember, listStaffAccess, unlockUser } from './staff-access-repo';

export type StaffAccessAction = 'unlock' | 'reset_mfa' | 'deactivate' | 'revoke_sessions';

/**
 * An administrator's intervention on a staff member's access, audited as a permission change.
 * Staff of another practice answer 404; a role without the right answers 403. Resetting MFA,
 * deactivating and revoking end the member's sessions on every instance at once.
 */
export async function manageStaffAccess(
  deps: AuthDeps,
  ctx: ServiceContext,
  userId: string,
  action: StaffAccessAction,
): Promise<void> {
  const ended = await ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
    const member = await findStaffMember(tx, ctx.scope, userId);
    if (!member) return null;
    if (!canManageStaff(ctx.scope)) {
      await writeAudit(tx, ctx.scope, ctx.audit, {
        action: `staff.${action}`,
        resourceType: 'user',
        resourceId: userId,
        outcome: 'denied',
      });
      return 'forbidden' as const;
    }
    if (action === 'deactivate' && userId === ctx.scope.actorUserId) return 'self' as const;
    let sessions: string[] = [];
    switch (action) {
      case 'unlock':
        await unlockUser(tx, ctx.scope, userId);
        break;
      case 'reset_mfa':
        await resetMfa(tx, ctx.scope, userId);
        sessions = await revokeUserSessions(tx, ctx.scope, userId, 'mfa_reset');
        break;
      case 'deactivate':
        await deactivateUser(tx, ctx.scope, userId);
        sessions = await revokeUserSessions(tx, ctx.scope, userId, 'deactivated');
        break;
      case 'revoke_sessions':
        sessions = await revokeUserSessions(tx, ctx.scope, userId, 'revoked_by_admin');
        break;
    }
    await writeAudit(tx, ctx.scope, ctx.audit, {
      action: `staff.${action}`,
      resourceType: 'user',
      resourceId: userId,
      details: { sessionsEnded: sessions.length },
    });
    return sessions;
  });
  if (ended === null) throw notFound('Staff member');
  if (ended === 'forbidden')
    throw new AppError('forbidden', 'Only owners and administrators manage staff access');
  if (ended === 'self') throw new AppError('conflict', 'You cannot deactivate your own account');
  await deps.activity.end(ended);
}

/** A staff member's live sessions, for an administrator. */
export async function listStaffSessions(deps: AuthDeps, ctx: ServiceContext, userId: string) {
  const rows = await ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
    const member = await findStaffMember(tx, ctx.scope, userId);
    if (!member) return null;
    if (!canManageStaff(ctx.scope)) return 'forbidden' as const;
    return listLiveSessions(tx, ctx.scope, userId);
  });
  if (rows === null) throw notFound('Staff member');
  if (rows === 'forbidden')
    throw new AppError('forbidden', 'Only owners and administrators manage staff access');
  return liveSessionsView(deps.activity, rows);
}

/** Every staff member with their sign-in state, for owners and administrators. */
export async function listStaffAccessState(ctx: ServiceContext) {
  if (!canManageStaff(ctx.scope))
    throw new AppError('forbidden', 'Only owners and administrators manage staff access');
  const rows = await ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
    const found = await listStaffAccess(tx, ctx.scope);
    await writeAudit(tx, ctx.scope, ctx.audit, {
      action: 'staff.access_list',
      resourceType: 'user',
      details: { returned: found.length },
    });
    return found;
  });
  const now = Date.now();
  return {
    items: rows.map((r) => ({
      ...r,
      lockedUntil: r.lockedUntil && r.lockedUntil.getTime() > now ? r.lockedUntil.toISOString() : null,
      lastSignInAt: r.lastSignInAt?.toISOString() ?? null,
    })),
  };
}
