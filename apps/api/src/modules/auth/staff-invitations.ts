import { createHash, randomBytes } from 'node:crypto';
import type { InviteStaffBody, StaffRole } from '@mentalspace/contracts';
import { AppError, notFound } from '../../app-error';
import { writeAudit } from '../../audit/audit-writer';
import { integrityViolation } from '../../database-errors';
import type { ServiceContext } from '../../plugins/authenticate';
import { canGrantRole, canManageStaff } from '../../security/policy';
import type { AuthDeps } from './auth-deps';
import {
  disableIfNeverActivated,
  findOpenStaffInvitation,
  insertInvitedUser,
  insertStaffInvitation,
  listOpenStaffInvitations,
  revokeOpenStaffInvitations,
  revokeStaffInvitation,
} from './staff-invitation-repo';

export const STAFF_INVITATION_HOURS = 72;
export const hashStaffInvitationToken = (token: string) => createHash('sha256').update(token).digest('hex');

type InvitationRow = Awaited<ReturnType<typeof listOpenStaffInvitations>>[number];
const view = (row: InvitationRow) => ({
  ...row,
  expiresAt: row.expiresAt.toISOString(),
  createdAt: row.createdAt.toISOString(),
});

const onlyManagers = () => new AppError('forbidden', 'Only owners and administrators manage staff');
const cannotGrant = (role: StaffRole) =>
  new AppError('forbidden', `Your role cannot grant the ${role.replace('_', ' ')} role`);

function newLink(now: Date) {
  const token = randomBytes(32).toString('base64url');
  return {
    token,
    tokenHash: hashStaffInvitationToken(token),
    expiresAt: new Date(now.getTime() + STAFF_INVITATION_HOURS * 3_600_000),
    // The token travels in the fragment, which browsers never send to servers or in referrers.
    invitePath: `/staff/accept#token=${token}`,
  };
}

/**
 * Invites a new staff member: their account exists at once with the role given (so they can be
 * put on the schedule and caseloads) and has no password until they follow the single-use link,
 * which expires in 72 hours. The token is returned once and stored only as a hash. (Sending it by
 * e-mail arrives with the notifications work; the inviter hands it over meanwhile.)
 */
export async function inviteStaff(deps: AuthDeps, ctx: ServiceContext, body: InviteStaffBody) {
  if (!canManageStaff(ctx.scope)) throw onlyManagers();
  if (!canGrantRole(ctx.scope, body.role)) throw cannotGrant(body.role);
  const link = newLink(deps.now?.() ?? new Date());
  try {
    const invitation = await ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
      const userId = await insertInvitedUser(tx, ctx.scope, {
        email: body.email.toLowerCase(),
        firstName: body.firstName,
        lastName: body.lastName,
        credentials: body.credentials ?? null,
        role: body.role,
      });
      const id = await insertStaffInvitation(tx, ctx.scope, { userId, ...link });
      await writeAudit(tx, ctx.scope, ctx.audit, {
        action: 'staff.invited',
        resourceType: 'user',
        resourceId: userId,
        details: { role: body.role },
      });
      return findOpenStaffInvitation(tx, ctx.scope, id);
    });
    return { invitation: view(invitation!), invitePath: link.invitePath };
  } catch (error) {
    // One e-mail signs in to exactly one account, in any practice.
    if (integrityViolation(error)?.constraint === 'users_email_unique')
      throw new AppError('conflict', 'This e-mail address already has an account; invite another address', {
        fieldErrors: [{ field: 'body.email', message: 'already has an account' }],
      });
    throw error;
  }
}

export async function listStaffInvitations(ctx: ServiceContext) {
  if (!canManageStaff(ctx.scope)) throw onlyManagers();
  const rows = await ctx.database.inPractice(ctx.scope.practiceId, (tx) =>
    listOpenStaffInvitations(tx, ctx.scope),
  );
  return { items: rows.map(view) };
}

/** A new link for someone who has not set their password yet; the old link stops working. */
export async function reissueStaffInvitation(deps: AuthDeps, ctx: ServiceContext, invitationId: string) {
  if (!canManageStaff(ctx.scope)) throw onlyManagers();
  const link = newLink(deps.now?.() ?? new Date());
  const result = await ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
    const open = await findOpenStaffInvitation(tx, ctx.scope, invitationId);
    if (!open) return null;
    if (!canGrantRole(ctx.scope, open.role)) return 'forbidden' as const;
    await revokeOpenStaffInvitations(tx, ctx.scope, open.userId);
    const id = await insertStaffInvitation(tx, ctx.scope, { userId: open.userId, ...link });
    await writeAudit(tx, ctx.scope, ctx.audit, {
      action: 'staff.invitation_reissued',
      resourceType: 'user',
      resourceId: open.userId,
    });
    return findOpenStaffInvitation(tx, ctx.scope, id);
  });
  if (result === null) throw notFound('Invitation');
  if (result === 'forbidden') throw onlyManagers();
  return { invitation: view(result), invitePath: link.invitePath };
}

/** Withdraws an invitation; an account that never set a password is disabled with it. */
export async function withdrawStaffInvitation(ctx: ServiceContext, invitationId: string) {
  if (!canManageStaff(ctx.scope)) throw onlyManagers();
  const done = await ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
    const open = await findOpenStaffInvitation(tx, ctx.scope, invitationId);
    if (!open) return null;
    if (!canGrantRole(ctx.scope, open.role)) return 'forbidden' as const;
    const userId = await revokeStaffInvitation(tx, ctx.scope, invitationId);
    if (!userId) return null;
    await disableIfNeverActivated(tx, ctx.scope, userId);
    await writeAudit(tx, ctx.scope, ctx.audit, {
      action: 'staff.invitation_withdrawn',
      resourceType: 'user',
      resourceId: userId,
    });
    return 'done' as const;
  });
  if (done === null) throw notFound('Invitation');
  if (done === 'forbidden') throw onlyManagers();
}
