import { randomInt } from 'node:crypto';
import { Secret } from 'otpauth';
import { AppError } from '../../app-error';
import { writeAudit, type AuditEventInput } from '../../audit/audit-writer';
import { hashPassword, verifyPassword } from '../../security/password/hash';
import type { AccessScope, AuditContext, Principal } from '../../security/access-scope';
import { scopeFor } from '../../security/policy';
import type { AuthDeps } from './auth-deps';
import { issueSession, type IssuedSession } from './issue-session';
import {
  acceptTotpStep,
  findTotpFactor,
  listUnusedBackupCodes,
  replaceBackupCodes,
  resetMfa,
  upsertPendingTotpFactor,
  useBackupCode,
} from './mfa-repo';
import { findSession } from './session-repo';
import { findPracticeSettings, findUserEmail } from './sign-in-repo';
import { securitySettings } from './security-settings';
import type { PendingClaims } from './tokens';
import { matchStep, totpFor } from './totp';

/** Who asks: someone between password and second factor, or a signed-in session. */
export type MfaCaller =
  { kind: 'pending'; claims: PendingClaims } | { kind: 'session'; principal: Principal };

const BACKUP_CODE_COUNT = 10;
const BACKUP_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'; // no 0/O, 1/I: read aloud without doubt

const failed = () => new AppError('mfa_failed', 'That code did not work');

function scopeOf(caller: MfaCaller): AccessScope {
  return caller.kind === 'pending'
    ? scopeFor({ userId: caller.claims.sub, practiceId: caller.claims.pid, role: caller.claims.role })
    : scopeFor(caller.principal);
}

function newBackupCode(): string {
  const chars = Array.from({ length: 8 }, () => BACKUP_ALPHABET[randomInt(BACKUP_ALPHABET.length)]);
  return `${chars.slice(0, 4).join('')}-${chars.slice(4).join('')}`;
}
const normalizeBackupCode = (code: string) => code.replace('-', '').toUpperCase();

/**
 * Runs `work` in the caller's practice. A refusal is audited in the same transaction and then
 * thrown after it commits, so that failed attempts leave their security event behind.
 */
async function auditedAttempt<T>(
  deps: AuthDeps,
  scope: AccessScope,
  audit: AuditContext,
  work: (
    tx: Parameters<Parameters<AuthDeps['database']['inPractice']>[1]>[0],
  ) => Promise<{ ok: true; value: T } | { ok: false; error: AppError; event: AuditEventInput }>,
): Promise<T> {
  const result = await deps.database.inPractice(scope.practiceId, async (tx) => {
    const outcome = await work(tx);
    if (!outcome.ok) await writeAudit(tx, scope, audit, outcome.event);
    return outcome;
  });
  if (!result.ok) throw result.error;
  return result.value;
}

export async function requireRecentReauthentication(
  deps: AuthDeps,
  caller: MfaCaller,
  tx: Parameters<typeof findSession>[0],
) {
  if (caller.kind !== 'session' || !caller.principal.sessionId) return;
  const scope = scopeOf(caller);
  const settings = securitySettings(await findPracticeSettings(tx, scope));
  const session = await findSession(tx, scope, caller.principal.sessionId);
  const now = deps.now?.() ?? new Date();
  if (
    !session?.reauthenticatedAt ||
    now.getTime() - session.reauthenticatedAt.getTime() > settings.reauthenticationMinutes * 60_000
  ) {
    throw new AppError('reauthentication_required', 'Confirm your password to continue');
  }
}

export async function startTotpEnrollment(deps: AuthDeps, caller: MfaCaller, audit: AuditContext) {
  const scope = scopeOf(caller);
  return deps.database.inPractice(scope.practiceId, async (tx) => {
    const existing = await findTotpFactor(tx, scope, scope.actorUserId);
    if (caller.kind === 'pending' && existing?.confirmedAt) {
      // A password alone must never replace an enrolled factor.
      throw new AppError('forbidden', 'A second factor is already enrolled; verify it instead');
    }
    await requireRecentReauthentication(deps, caller, tx);
    const secret = new Secret({ size: 20 });
    await upsertPendingTotpFactor(
      tx,
      scope,
      scope.actorUserId,
      deps.secretBox.seal(secret.base32, scope.actorUserId),
    );
    await writeAudit(tx, scope, audit, {
      action: 'mfa.totp_enrollment_started',
      resourceType: 'user',
      resourceId: scope.actorUserId,
    });
    const email = (await findUserEmail(tx, scope, scope.actorUserId)) ?? 'staff';
    return { otpauthUri: totpFor(secret.base32, email).toString(), secret: secret.base32 };
  });
}

export async function confirmTotpEnrollment(
  deps: AuthDeps,
  caller: MfaCaller,
  code: string,
  audit: AuditContext,
): Promise<{ backupCodes: string[]; session: IssuedSession | null }> {
  const scope = scopeOf(caller);
  const now = deps.now?.() ?? new Date();
  const backupCodes = Array.from({ length: BACKUP_CODE_COUNT }, newBackupCode);
  const hashes = await Promise.all(
    backupCodes.map((c) => hashPassword(normalizeBackupCode(c), deps.passwordHashCost)),
  );
  const session = await auditedAttempt(deps, scope, audit, async (tx) => {
    const factor = await findTotpFactor(tx, scope, scope.actorUserId);
    if (!factor || factor.confirmedAt) {
      return {
        ok: false,
        error: new AppError('conflict', 'No authenticator enrolment is in progress'),
        event: {
          action: 'mfa.totp_enrolled',
          resourceType: 'user',
          resourceId: scope.actorUserId,
          outcome: 'failure',
          details: { reason: 'not_in_progress' },
        },
      };
    }
    const secret = deps.secretBox.open(factor.secretCiphertext, scope.actorUserId);
    const step = matchStep(totpFor(secret, 'staff'), code, now);
    if (step === null || !(await acceptTotpStep(tx, scope, factor.id, step, true))) {
      return {
        ok: false,
        error: failed(),
        event: {
          action: 'mfa.totp_enrolled',
          resourceType: 'user',
          resourceId: scope.actorUserId,
          outcome: 'failure',
          details: { reason: 'wrong_code' },
        },
      };
    }
    await replaceBackupCodes(tx, scope, scope.actorUserId, hashes);
    await writeAudit(tx, scope, audit, {
      action: 'mfa.totp_enrolled',
      resourceType: 'user',
      resourceId: scope.actorUserId,
    });
    if (caller.kind !== 'pending') return { ok: true, value: null };
    const settings = securitySettings(await findPracticeSettings(tx, scope));
    return { ok: true, value: await issueSession(deps, tx, scope, audit, settings, 'mfa') };
  });
  return { backupCodes, session };
}

/** Second step of sign-in with the authenticator app. A code is accepted once. */
export async function verifyTotp(deps: AuthDeps, claims: PendingClaims, code: string, audit: AuditContext) {
  const caller: MfaCaller = { kind: 'pending', claims };
  const scope = scopeOf(caller);
  const now = deps.now?.() ?? new Date();
  return auditedAttempt(deps, scope, audit, async (tx) => {
    const factor = await findTotpFactor(tx, scope, scope.actorUserId);
    const secret = factor?.confirmedAt
      ? deps.secretBox.open(factor.secretCiphertext, scope.actorUserId)
      : null;
    const step = secret ? matchStep(totpFor(secret, 'staff'), code, now) : null;
    if (!factor || step === null) {
      return {
        ok: false,
        error: failed(),
        event: {
          action: 'mfa.totp_verified',
          resourceType: 'user',
          resourceId: scope.actorUserId,
          outcome: 'failure',
          details: { reason: 'wrong_code' },
        },
      };
    }
    if (!(await acceptTotpStep(tx, scope, factor.id, step, false))) {
      return {
        ok: false,
        error: failed(),
        event: {
          action: 'mfa.totp_verified',
          resourceType: 'user',
          resourceId: scope.actorUserId,
          outcome: 'denied',
          details: { reason: 'replayed_code' },
        },
      };
    }
    const settings = securitySettings(await findPracticeSettings(tx, scope));
    await writeAudit(tx, scope, audit, {
      action: 'mfa.totp_verified',
      resourceType: 'user',
      resourceId: scope.actorUserId,
    });
    return { ok: true, value: await issueSession(deps, tx, scope, audit, settings, 'mfa') };
  });
}

/** Second step with a one-time backup code; the code is spent whether or not sign-in completes. */
export async function verifyBackupCode(
  deps: AuthDeps,
  claims: PendingClaims,
  code: string,
  audit: AuditContext,
) {
  const caller: MfaCaller = { kind: 'pending', claims };
  const scope = scopeOf(caller);
  const candidates = await deps.database.inPractice(scope.practiceId, (tx) =>
    listUnusedBackupCodes(tx, scope, scope.actorUserId),
  );
  let matched: string | null = null;
  for (const candidate of candidates) {
    if ((await verifyPassword(normalizeBackupCode(code), candidate.codeHash)).ok) {
      matched = candidate.id;
      break;
    }
  }
  return auditedAttempt(deps, scope, audit, async (tx) => {
    if (!matched || !(await useBackupCode(tx, scope, matched))) {
      return {
        ok: false,
        error: failed(),
        event: {
          action: 'mfa.backup_code_used',
          resourceType: 'user',
          resourceId: scope.actorUserId,
          outcome: 'failure',
          details: { reason: matched ? 'already_used' : 'wrong_code' },
        },
      };
    }
    const settings = securitySettings(await findPracticeSettings(tx, scope));
    await writeAudit(tx, scope, audit, {
      action: 'mfa.backup_code_used',
      resourceType: 'user',
      resourceId: scope.actorUserId,
      details: { remaining: candidates.length - 1 },
    });
    return { ok: true, value: await issueSession(deps, tx, scope, audit, settings, 'mfa') };
  });
}

/** New backup codes replace the unused ones; needs a recent password confirmation. */
export async function regenerateBackupCodes(
  deps: AuthDeps,
  principal: Principal,
  audit: AuditContext,
): Promise<string[]> {
  const caller: MfaCaller = { kind: 'session', principal };
  const scope = scopeOf(caller);
  const backupCodes = Array.from({ length: BACKUP_CODE_COUNT }, newBackupCode);
  const hashes = await Promise.all(
    backupCodes.map((c) => hashPassword(normalizeBackupCode(c), deps.passwordHashCost)),
  );
  await deps.database.inPractice(scope.practiceId, async (tx) => {
    await requireRecentReauthentication(deps, caller, tx);
    const factor = await findTotpFactor(tx, scope, scope.actorUserId);
    if (!factor?.confirmedAt) throw new AppError('conflict', 'Set up an authenticator app first');
    await replaceBackupCodes(tx, scope, scope.actorUserId, hashes);
    await writeAudit(tx, scope, audit, {
      action: 'mfa.backup_codes_regenerated',
      resourceType: 'user',
      resourceId: scope.actorUserId,
    });
  });
  return backupCodes;
}

/**
 * Removes the authenticator (and its backup codes) where the practice does not require a second
 * factor; needs a recent password confirmation.
 */
export async function removeTotp(deps: AuthDeps, principal: Principal, audit: AuditContext): Promise<void> {
  const caller: MfaCaller = { kind: 'session', principal };
  const scope = scopeOf(caller);
  await deps.database.inPractice(scope.practiceId, async (tx) => {
    await requireRecentReauthentication(deps, caller, tx);
    if (securitySettings(await findPracticeSettings(tx, scope)).mfaRequiredForStaff) {
      throw new AppError(
        'conflict',
        'Your practice requires a second factor; enrol a new authenticator instead',
      );
    }
    await resetMfa(tx, scope, scope.actorUserId);
    await writeAudit(tx, scope, audit, {
      action: 'mfa.totp_removed',
      resourceType: 'user',
      resourceId: scope.actorUserId,
    });
  });
}
