import { StaffRoleSchema } from '@mentalspace/contracts';
import { AppError } from '../../app-error';
import { writeAudit } from '../../audit/audit-writer';
import type { AuditContext } from '../../security/access-scope';
import { checkNewPassword } from '../../security/password/check-password';
import { hashPassword } from '../../security/password/hash';
import { scopeFor } from '../../security/policy';
import type { AuthDeps } from './auth-deps';
import { passwordPolicyFor, securitySettings } from './security-settings';
import { hashStaffInvitationToken } from './staff-invitations';
import {
  setInitialPassword,
  unsafeFindStaffInvitationByToken,
  useStaffInvitation,
} from './staff-invitation-repo';

const invalid = () =>
  new AppError(
    'validation_failed',
    'This invitation link has expired or was already used; ask your practice administrator for a new one',
    { fieldErrors: [{ field: 'body.token', message: 'is expired or already used' }] },
  );

/**
 * A new staff member sets their password from the invitation link. Single use. They are not
 * signed in here: they sign in with the new password and enrol their second factor, as the
 * practice requires, so an intercepted link alone never yields a session.
 */
export async function acceptStaffInvitation(
  deps: AuthDeps,
  body: { token: string; password: string },
  audit: AuditContext,
): Promise<{ email: string }> {
  const now = deps.now?.() ?? new Date();
  const invitation = await unsafeFindStaffInvitationByToken(
    deps.database,
    hashStaffInvitationToken(body.token),
    now,
  );
  if (!invitation) throw invalid();
  const verdict = await checkNewPassword({
    password: body.password,
    policy: passwordPolicyFor(securitySettings(invitation.securitySettings)),
    user: invitation,
    previousHashes: [],
  });
  if (!verdict.ok) {
    throw new AppError('validation_failed', verdict.unmet.map((u) => u.message).join('; '), {
      fieldErrors: verdict.unmet.map((u) => ({ field: 'body.password', message: u.message })),
    });
  }
  const passwordHash = await hashPassword(body.password, deps.passwordHashCost);
  const scope = scopeFor({
    userId: invitation.userId,
    practiceId: invitation.practiceId,
    role: StaffRoleSchema.parse(invitation.role),
  });
  await deps.database.inPractice(invitation.practiceId, async (tx) => {
    // Both guards hold the race: a second use of the link, or a revocation, in between.
    if (!(await useStaffInvitation(tx, scope, invitation.id))) throw invalid();
    if (!(await setInitialPassword(tx, scope, invitation.userId, passwordHash))) throw invalid();
    await writeAudit(tx, scope, audit, {
      action: 'staff.invitation_accepted',
      resourceType: 'user',
      resourceId: invitation.userId,
    });
  });
  return { email: invitation.email };
}
