import { AppError } from '../../app-error';
import { writeAudit } from '../../audit/audit-writer';
import type { AuditContext } from '../../security/access-scope';
import { portalScopeFor, scopeFor } from '../../security/policy';
import type { AuthDeps } from './auth-deps';
import { hashRefreshToken, newRefreshToken } from './issue-session';
import {
  insertRefreshToken,
  markRefreshTokenUsed,
  revokeSession,
  unsafeFindRefreshToken,
} from './session-repo';
import { idleTimeoutSeconds, securitySettings } from './security-settings';

export interface RefreshedSession {
  accessToken: string;
  refreshToken: string;
  refreshMaxAge: number;
}

const ended = () => new AppError('session_expired', 'Your session has ended; sign in again');

/**
 * Rotates the refresh token. A token that was already used means it was copied: the whole
 * session (every token of its family) is revoked at once and a security event is written.
 */
export async function refreshSession(
  deps: AuthDeps,
  refreshToken: string | undefined,
  audit: AuditContext,
): Promise<RefreshedSession> {
  if (!refreshToken || refreshToken.length > 200) throw ended();
  const now = deps.now?.() ?? new Date();
  const found = await unsafeFindRefreshToken(deps.database, hashRefreshToken(refreshToken));
  if (!found || found.revokedAt || found.expiresAt <= now || found.status !== 'active') throw ended();
  const role = found.role;
  if (found.subject === 'staff' ? !role : !found.portalClientId) throw ended();
  const settings = securitySettings(found.securitySettings);
  const portalClientId = found.subject === 'portal' ? found.portalClientId : null;
  const scope = portalClientId
    ? portalScopeFor({
        accountId: found.userId,
        clientId: portalClientId,
        practiceId: found.practiceId,
        sessionId: found.sessionId,
      })
    : scopeFor({ userId: found.userId, practiceId: found.practiceId, role: role! });

  const revokeFor = async (reason: string, action: 'auth.refresh_reuse' | 'auth.idle_timeout') => {
    await deps.database.inPractice(scope.practiceId, async (tx) => {
      await revokeSession(tx, scope, found.sessionId, reason);
      await writeAudit(tx, scope, audit, {
        action,
        resourceType: 'session',
        resourceId: found.sessionId,
        outcome: action === 'auth.refresh_reuse' ? 'denied' : 'success',
        details: { reason },
      });
    });
    await deps.activity.end([found.sessionId]);
  };

  if (found.usedAt) {
    await revokeFor('refresh_token_reuse', 'auth.refresh_reuse');
    throw ended();
  }
  const idleSeconds = idleTimeoutSeconds(settings, deps.idleCapSeconds);
  if (!(await deps.activity.touch(found.sessionId, idleSeconds))) {
    await revokeFor('idle_timeout', 'auth.idle_timeout');
    throw ended();
  }

  const next = newRefreshToken();
  const rotated = await deps.database.inPractice(scope.practiceId, async (tx) => {
    if (!(await markRefreshTokenUsed(tx, scope, found.tokenId))) return false;
    await insertRefreshToken(tx, scope, found.sessionId, hashRefreshToken(next));
    return true;
  });
  if (!rotated) {
    // Two requests raced with the same token: treat the loser as a replay.
    await revokeFor('refresh_token_reuse', 'auth.refresh_reuse');
    throw ended();
  }
  const accessToken = await deps.tokens.signAccess(
    portalClientId
      ? {
          kind: 'portal',
          sub: found.userId,
          pid: found.practiceId,
          sid: found.sessionId,
          cid: portalClientId,
          idle: idleSeconds,
        }
      : {
          kind: 'staff',
          sub: found.userId,
          pid: found.practiceId,
          sid: found.sessionId,
          role: role!,
          aal: found.assurance === 'mfa' ? 'mfa' : 'pwd',
          idle: idleSeconds,
        },
  );
  return {
    accessToken,
    refreshToken: next,
    refreshMaxAge: Math.max(1, Math.floor((found.expiresAt.getTime() - now.getTime()) / 1000)),
  };
}
