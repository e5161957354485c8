import { createHash, randomBytes } from 'node:crypto';
import type { AppTransaction } from '@mentalspace/db';
import { writeAudit } from '../../audit/audit-writer';
import type { AccessScope, AuditContext } from '../../security/access-scope';
import type { AuthDeps } from './auth-deps';
import { insertRefreshToken, insertSession } from './session-repo';
import { idleTimeoutSeconds, type SecuritySettings } from './security-settings';

export interface IssuedSession {
  sessionId: string;
  accessToken: string;
  refreshToken: string;
  /** Seconds until the session's absolute end: the refresh cookie's lifetime. */
  refreshMaxAge: number;
  idleSeconds: number;
}

export const hashRefreshToken = (token: string) => createHash('sha256').update(token).digest('hex');
export const newRefreshToken = () => randomBytes(32).toString('base64url');

/** Creates the session, its first refresh token and its idle timer, audited as a sign-in. */
export async function issueSession(
  deps: AuthDeps,
  tx: AppTransaction,
  scope: AccessScope,
  audit: AuditContext,
  settings: SecuritySettings,
  assurance: 'pwd' | 'mfa',
  /** For a portal client: the client record the session is bound to. */
  portalClientId?: string,
): Promise<IssuedSession> {
  const now = deps.now?.() ?? new Date();
  const lifetimeSeconds = settings.absoluteLifetimeHours * 3600;
  const sessionId = await insertSession(tx, scope, {
    subject: portalClientId ? 'portal' : 'staff',
    assurance,
    ip: audit.ip,
    userAgent: audit.userAgent,
    expiresAt: new Date(now.getTime() + lifetimeSeconds * 1000),
    now,
  });
  const refreshToken = newRefreshToken();
  await insertRefreshToken(tx, scope, sessionId, hashRefreshToken(refreshToken));
  await writeAudit(tx, scope, audit, {
    action: 'auth.sign_in',
    resourceType: 'session',
    resourceId: sessionId,
    details: { assurance },
  });
  const idleSeconds = idleTimeoutSeconds(settings, deps.idleCapSeconds);
  await deps.activity.start(sessionId, idleSeconds);
  const accessToken = await deps.tokens.signAccess(
    portalClientId || scope.actorRole === 'client'
      ? {
          kind: 'portal',
          sub: scope.actorUserId,
          pid: scope.practiceId,
          sid: sessionId,
          cid: portalClientId ?? '',
          idle: idleSeconds,
        }
      : {
          kind: 'staff',
          sub: scope.actorUserId,
          pid: scope.practiceId,
          sid: sessionId,
          role: scope.actorRole,
          aal: assurance,
          idle: idleSeconds,
        },
  );
  return { sessionId, accessToken, refreshToken, refreshMaxAge: lifetimeSeconds, idleSeconds };
}
