import { evaluatePassword } from '@mentalspace/contracts';
import { AppError } from '../../app-error';
import { writeAudit } from '../../audit/audit-writer';
import type { AuditContext } from '../../security/access-scope';
import { isCommonPassword } from '../../security/password/common-passwords';
import { hashPassword } from '../../security/password/hash';
import { portalScopeFor } from '../../security/policy';
import type { AuthDeps } from '../auth/auth-deps';
import { issueSession } from '../auth/issue-session';
import { passwordPolicyFor, securitySettings } from '../auth/security-settings';
import { hashInvitationToken } from './invite-client';
import { unsafeFindOpenInvitation, upsertPortalAccount, useInvitation } from './repo';

const invalid = () =>
  new AppError(
    'validation_failed',
    'This invitation link has expired or was already used; ask the practice for a new one',
    {
      fieldErrors: [{ field: 'body.token', message: 'is expired or already used' }],
    },
  );

/** A client sets their password from the invitation link and is signed in. Single use. */
export async function acceptInvitation(
  deps: AuthDeps,
  body: { token: string; password: string },
  audit: AuditContext,
) {
  const now = deps.now?.() ?? new Date();
  const invitation = await unsafeFindOpenInvitation(deps.database, hashInvitationToken(body.token), now);
  if (!invitation) throw invalid();
  const settings = securitySettings(invitation.securitySettings);
  const verdict = evaluatePassword(body.password, passwordPolicyFor(settings), {
    email: invitation.email,
    firstName: invitation.firstName,
    lastName: invitation.lastName,
    isCommon: isCommonPassword(body.password),
  });
  if (!verdict.ok) {
    throw new AppError('validation_failed', verdict.unmet.map((u) => u.message).join('; '), {
      fieldErrors: verdict.unmet.map((u) => ({ field: 'body.password', message: u.message })),
    });
  }
  const passwordHash = await hashPassword(body.password, deps.passwordHashCost);
  return deps.database.inPractice(invitation.practiceId, async (tx) => {
    // The invitation's practice scope, with the account about to exist as the actor.
    const provisional = portalScopeFor({
      accountId: invitation.id,
      clientId: invitation.clientId,
      practiceId: invitation.practiceId,
      sessionId: '',
    });
    if (!(await useInvitation(tx, provisional, invitation.id))) throw invalid();
    const accountId = await upsertPortalAccount(tx, provisional, {
      clientId: invitation.clientId,
      email: invitation.email,
      passwordHash,
    });
    const scope = portalScopeFor({
      accountId,
      clientId: invitation.clientId,
      practiceId: invitation.practiceId,
      sessionId: '',
    });
    await writeAudit(tx, scope, audit, {
      action: 'portal.account_activated',
      resourceType: 'portal_account',
      resourceId: accountId,
      clientId: invitation.clientId,
    });
    return issueSession(deps, tx, scope, audit, settings, 'pwd', invitation.clientId);
  });
}
