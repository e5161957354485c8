import { AppError } from '../../app-error';
import { writeAudit } from '../../audit/audit-writer';
import type { AuditContext } from '../../security/access-scope';
import { dummyVerify, verifyPassword } from '../../security/password/hash';
import { portalScopeFor } from '../../security/policy';
import type { AuthDeps } from '../auth/auth-deps';
import { issueSession, type IssuedSession } from '../auth/issue-session';
import { unsafeWriteSecurityEvent } from '../../audit/security-event';
import { lockoutMinutes, securitySettings } from '../auth/security-settings';
import { recordPortalSignIn, unsafeFindPortalAccountForSignIn } from './repo';

const refused = () => new AppError('invalid_credentials', 'The e-mail or password is not right');

export type PortalSignInOutcome =
  { status: 'signed_in'; session: IssuedSession } | { status: 'mfa_required'; pendingToken: string };

/**
 * A client's portal sign-in: same answers for every failure, progressive lockout, audited. A
 * client who turned on an authenticator gets a pending token instead of a session.
 */
export async function portalSignIn(
  deps: AuthDeps,
  body: { email: string; password: string },
  audit: AuditContext,
): Promise<PortalSignInOutcome> {
  const now = deps.now?.() ?? new Date();
  const account = await unsafeFindPortalAccountForSignIn(deps.database, body.email);
  if (!account || account.status !== 'active') {
    await dummyVerify(deps.passwordHashCost);
    await unsafeWriteSecurityEvent(deps.database, {
      action: 'portal.sign_in',
      ...audit,
      details: { reason: 'unknown_account' },
    });
    throw refused();
  }
  const settings = securitySettings(account.securitySettings);
  const scope = portalScopeFor({
    accountId: account.id,
    clientId: account.clientId,
    practiceId: account.practiceId,
    sessionId: '',
  });
  const locked = account.lockedUntil !== null && account.lockedUntil > now;
  const ok = !locked && (await verifyPassword(body.password, account.passwordHash, deps.passwordHashCost)).ok;
  if (locked) await dummyVerify(deps.passwordHashCost);
  return deps.database
    .inPractice(scope.practiceId, async (tx) => {
      if (!ok) {
        const minutes = locked ? 0 : lockoutMinutes(settings, account.failedSignIns + 1);
        if (!locked)
          await recordPortalSignIn(
            tx,
            scope,
            false,
            minutes > 0 ? new Date(now.getTime() + minutes * 60_000) : null,
          );
        await writeAudit(tx, scope, audit, {
          action: 'portal.sign_in',
          resourceType: 'portal_account',
          resourceId: account.id,
          clientId: account.clientId,
          outcome: locked ? 'denied' : 'failure',
        });
        return null;
      }
      await recordPortalSignIn(tx, scope, true, null);
      if (account.hasTotp) {
        await writeAudit(tx, scope, audit, {
          action: 'portal.password_verified',
          resourceType: 'portal_account',
          resourceId: account.id,
          clientId: account.clientId,
          details: { next: 'mfa' },
        });
        const pendingToken = await deps.tokens.signPortalPending({
          sub: account.id,
          pid: account.practiceId,
          cid: account.clientId,
          purpose: 'portal_mfa',
        });
        return { status: 'mfa_required' as const, pendingToken };
      }
      return {
        status: 'signed_in' as const,
        session: await issueSession(deps, tx, scope, audit, settings, 'pwd', account.clientId),
      };
    })
    .then((session) => {
      if (!session) throw refused();
      return session;
    });
}
