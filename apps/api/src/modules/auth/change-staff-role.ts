import type { StaffRole } from '@mentalspace/contracts';
import { AppError, notFound } from '../../app-error';
import { writeAudit } from '../../audit/audit-writer';
import type { ServiceContext } from '../../plugins/authenticate';
import { canGrantRole, canManageStaff } from '../../security/policy';
import type { AuthDeps } from './auth-deps';
import { revokeUserSessions } from './session-repo';
import { findStaffMember } from './staff-access-repo';
import { updateStaffRole } from './staff-invitation-repo';

/**
 * Changes a staff member's role, audited as a permission change with the old and new role. The
 * role rides in access tokens, so the member's sessions end at once on every instance: they sign
 * in again with the new role. Nobody changes their own role; administrators cannot touch owners.
 */
export async function changeStaffRole(
  deps: AuthDeps,
  ctx: ServiceContext,
  userId: string,
  role: StaffRole,
): Promise<void> {
  const outcome = await ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
    const member = await findStaffMember(tx, ctx.scope, userId);
    if (!member) return null;
    const from = member.role;
    if (!canManageStaff(ctx.scope) || !canGrantRole(ctx.scope, role, from)) {
      // A refused escalation is exactly what breach detection watches for.
      await writeAudit(tx, ctx.scope, ctx.audit, {
        action: 'staff.role_changed',
        resourceType: 'user',
        resourceId: userId,
        outcome: 'denied',
        details: { from, to: role },
      });
      return 'forbidden' as const;
    }
    if (userId === ctx.scope.actorUserId) {
      // Not an error a manager makes by accident twice: breach detection raises it at once.
      await writeAudit(tx, ctx.scope, ctx.audit, {
        action: 'staff.role_changed',
        resourceType: 'user',
        resourceId: userId,
        outcome: 'denied',
        details: { from, to: role, reason: 'own_role' },
      });
      return 'self' as const;
    }
    if (from === role) return [];
    await updateStaffRole(tx, ctx.scope, userId, role);
    const sessions = await revokeUserSessions(tx, ctx.scope, userId, 'role_changed');
    await writeAudit(tx, ctx.scope, ctx.audit, {
      action: 'staff.role_changed',
      resourceType: 'user',
      resourceId: userId,
      details: { from, to: role, sessionsEnded: sessions.length },
    });
    return sessions;
  });
  if (outcome === null) throw notFound('Staff member');
  if (outcome === 'forbidden') throw new AppError('forbidden', 'Your role cannot make this change');
  if (outcome === 'self') throw new AppError('conflict', 'You cannot change your own role');
  await deps.activity.end(outcome);
}
