import { Secret } from 'otpauth';
import { AppError, notFound } from '../../app-error';
import { writeAudit, type AuditEventInput } from '../../audit/audit-writer';
import type { ServiceContext } from '../../plugins/authenticate';
import type { AuditContext } from '../../security/access-scope';
import { verifyPassword } from '../../security/password/hash';
import { canInviteToPortal, portalScopeFor } from '../../security/policy';
import type { AuthDeps } from '../auth/auth-deps';
import { issueSession } from '../auth/issue-session';
import { securitySettings } from '../auth/security-settings';
import type { PortalPendingClaims } from '../auth/tokens';
import { matchStep, totpFor } from '../auth/totp';
import { isClientInReach } from '../clients/service';
import {
  acceptPortalTotpStep,
  clearPortalTotp,
  findPortalTotpFactor,
  upsertPendingPortalTotp,
} from './mfa-repo';
import { findPortalAccount, findPortalAccountOfClient, findPortalPracticeSettings } from './repo';

const failed = () => new AppError('mfa_failed', 'That code did not work');
const wrongPassword = () =>
  new AppError('validation_failed', 'The password is not right', {
    fieldErrors: [{ field: 'body.password', message: 'is not right' }],
  });
const sealedFor = (accountId: string) => `portal:${accountId}`;

type Outcome<T> = { ok: true; value: T } | { ok: false; error: AppError; event: AuditEventInput };

/** Runs in the client's practice; a refusal is audited and committed, then thrown. */
async function attempt<T>(
  ctx: ServiceContext,
  work: (tx: Parameters<Parameters<ServiceContext['database']['inPractice']>[1]>[0]) => Promise<Outcome<T>>,
) {
  const result = await ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
    const outcome = await work(tx);
    if (!outcome.ok) await writeAudit(tx, ctx.scope, ctx.audit, outcome.event);
    return outcome;
  });
  if (!result.ok) throw result.error;
  return result.value;
}

/** Whether the signed-in client has an authenticator on. */
export async function portalSecurity(ctx: ServiceContext) {
  const factor = await ctx.database.inPractice(ctx.scope.practiceId, (tx) =>
    findPortalTotpFactor(tx, ctx.scope, ctx.scope.actorUserId),
  );
  return { totpEnabled: Boolean(factor?.confirmedAt) };
}

/** Starts turning on an authenticator: the password again, then a secret to scan. */
export async function startPortalTotp(deps: AuthDeps, ctx: ServiceContext, password: string) {
  const accountId = ctx.scope.actorUserId;
  return attempt(ctx, async (tx) => {
    const account = await findPortalAccount(tx, ctx.scope, accountId);
    if (!account) throw notFound('Portal account');
    if (!(await verifyPassword(password, account.passwordHash, deps.passwordHashCost)).ok)
      return {
        ok: false,
        error: wrongPassword(),
        event: {
          action: 'portal.mfa_enrollment_started',
          resourceType: 'portal_account',
          resourceId: accountId,
          outcome: 'failure',
        },
      };
    const existing = await findPortalTotpFactor(tx, ctx.scope, accountId);
    if (existing?.confirmedAt)
      throw new AppError('conflict', 'An authenticator is already on; turn it off first');
    const secret = new Secret({ size: 20 });
    await upsertPendingPortalTotp(
      tx,
      ctx.scope,
      accountId,
      deps.secretBox.seal(secret.base32, sealedFor(accountId)),
    );
    await writeAudit(tx, ctx.scope, ctx.audit, {
      action: 'portal.mfa_enrollment_started',
      resourceType: 'portal_account',
      resourceId: accountId,
    });
    return {
      ok: true,
      value: { otpauthUri: totpFor(secret.base32, account.email).toString(), secret: secret.base32 },
    };
  });
}

/** Confirms the new authenticator with a code from it; from the next sign-in on, a code is asked. */
export async function confirmPortalTotp(deps: AuthDeps, ctx: ServiceContext, code: string) {
  const accountId = ctx.scope.actorUserId;
  const now = deps.now?.() ?? new Date();
  await attempt(ctx, async (tx) => {
    const factor = await findPortalTotpFactor(tx, ctx.scope, accountId);
    if (!factor || factor.confirmedAt)
      throw new AppError('conflict', 'Start setting up the authenticator first');
    const step = matchStep(
      totpFor(deps.secretBox.open(factor.secretCiphertext, sealedFor(accountId)), 'portal'),
      code,
      now,
    );
    if (step === null || !(await acceptPortalTotpStep(tx, ctx.scope, factor.id, step, true)))
      return {
        ok: false,
        error: failed(),
        event: {
          action: 'portal.mfa_enabled',
          resourceType: 'portal_account',
          resourceId: accountId,
          outcome: 'failure',
        },
      };
    await writeAudit(tx, ctx.scope, ctx.audit, {
      action: 'portal.mfa_enabled',
      resourceType: 'portal_account',
      resourceId: accountId,
    });
    return { ok: true, value: null };
  });
}

/** Turns the authenticator off, with the password. */
export async function disablePortalTotp(deps: AuthDeps, ctx: ServiceContext, password: string) {
  const accountId = ctx.scope.actorUserId;
  await attempt(ctx, async (tx) => {
    const account = await findPortalAccount(tx, ctx.scope, accountId);
    if (!account) throw notFound('Portal account');
    if (!(await verifyPassword(password, account.passwordHash, deps.passwordHashCost)).ok)
      return {
        ok: false,
        error: wrongPassword(),
        event: {
          action: 'portal.mfa_disabled',
          resourceType: 'portal_account',
          resourceId: accountId,
          outcome: 'failure',
        },
      };
    await clearPortalTotp(tx, ctx.scope, accountId);
    await writeAudit(tx, ctx.scope, ctx.audit, {
      action: 'portal.mfa_disabled',
      resourceType: 'portal_account',
      resourceId: accountId,
    });
    return { ok: true, value: null };
  });
}

/** The sign-in's second step: the authenticator code after the password. Codes are never replayed. */
export async function verifyPortalTotp(
  deps: AuthDeps,
  claims: PortalPendingClaims,
  code: string,
  audit: AuditContext,
) {
  const now = deps.now?.() ?? new Date();
  const scope = portalScopeFor({
    accountId: claims.sub,
    clientId: claims.cid,
    practiceId: claims.pid,
    sessionId: '',
  });
  const ctx: ServiceContext = { database: deps.database, scope, audit };
  return attempt(ctx, async (tx) => {
    const factor = await findPortalTotpFactor(tx, scope, claims.sub);
    const secret = factor?.confirmedAt
      ? deps.secretBox.open(factor.secretCiphertext, sealedFor(claims.sub))
      : null;
    const step = secret ? matchStep(totpFor(secret, 'portal'), code, now) : null;
    if (!factor || step === null || !(await acceptPortalTotpStep(tx, scope, factor.id, step, false)))
      return {
        ok: false,
        error: failed(),
        event: {
          action: 'portal.mfa_verify',
          resourceType: 'portal_account',
          resourceId: claims.sub,
          clientId: claims.cid,
          outcome: 'failure',
        },
      };
    const settings = securitySettings(await findPortalPracticeSettings(tx, scope));
    return { ok: true, value: await issueSession(deps, tx, scope, audit, settings, 'mfa', claims.cid) };
  });
}

/** The practice turns a client's authenticator off (a lost phone): staff who invite to the portal. */
export async function resetClientPortalTotp(ctx: ServiceContext, clientId: string) {
  const outcome = await ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
    if (!(await isClientInReach(tx, ctx, clientId))) return 'not_found' as const;
    if (!canInviteToPortal(ctx.scope)) return 'forbidden' as const;
    const account = await findPortalAccountOfClient(tx, ctx.scope, clientId);
    if (!account || !(await clearPortalTotp(tx, ctx.scope, account.id))) return 'nothing' as const;
    await writeAudit(tx, ctx.scope, ctx.audit, {
      action: 'portal.mfa_reset',
      resourceType: 'portal_account',
      resourceId: account.id,
      clientId,
    });
    return 'done' as const;
  });
  if (outcome === 'not_found') throw notFound('Client');
  if (outcome === 'forbidden') throw new AppError('forbidden', 'Your role cannot manage portal access');
  if (outcome === 'nothing') throw notFound('Portal authenticator');
}
