import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { AppError } from '../../app-error';
import { writeAudit } from '../../audit/audit-writer';
import type { AuditContext, Principal } from '../../security/access-scope';
import { scopeFor } from '../../security/policy';
import type { AuthDeps } from './auth-deps';
import { issueSession } from './issue-session';
import { requireRecentReauthentication } from './mfa';
import { insertPasskey, listPasskeys, recordPasskeyUse } from './mfa-repo';
import { findPracticeSettings, findUserEmail } from './sign-in-repo';
import { securitySettings } from './security-settings';
import type { PendingClaims } from './tokens';

const CHALLENGE_SECONDS = 300;

/** The relying party: configured, or the origin the browser is on (embedded mode). */
export function relyingParty(deps: AuthDeps, requestOrigin: string | undefined) {
  const origin = deps.webauthn.origin ?? requestOrigin;
  if (!origin) throw new AppError('validation_failed', 'The request has no Origin header');
  let rpId: string;
  try {
    rpId = deps.webauthn.rpId ?? new URL(origin).hostname;
  } catch {
    throw new AppError('validation_failed', 'The Origin header is not a URL');
  }
  return { origin, rpId, rpName: deps.webauthn.rpName };
}

const failed = () => new AppError('mfa_failed', 'The passkey could not be verified');

export async function passkeyRegistrationOptions(
  deps: AuthDeps,
  principal: Principal,
  origin: string | undefined,
) {
  const rp = relyingParty(deps, origin);
  const scope = scopeFor(principal);
  const { email, existing } = await deps.database.inPractice(scope.practiceId, async (tx) => {
    await requireRecentReauthentication(deps, { kind: 'session', principal }, tx);
    return {
      email: (await findUserEmail(tx, scope, principal.userId)) ?? 'staff',
      existing: await listPasskeys(tx, scope, principal.userId),
    };
  });
  const options = await generateRegistrationOptions({
    rpName: rp.rpName,
    rpID: rp.rpId,
    userName: email,
    userID: new TextEncoder().encode(principal.userId),
    attestationType: 'none',
    excludeCredentials: existing.map((c) => ({ id: c.credentialId })),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'required' },
  });
  await deps.challenges.put(`register:${principal.sessionId}`, options.challenge, CHALLENGE_SECONDS);
  return options;
}

export async function registerPasskey(
  deps: AuthDeps,
  principal: Principal,
  body: { name: string; response: unknown },
  origin: string | undefined,
  audit: AuditContext,
) {
  const rp = relyingParty(deps, origin);
  const challenge = await deps.challenges.take(`register:${principal.sessionId}`);
  if (!challenge) throw new AppError('conflict', 'Start adding the passkey again');
  const verification = await verifyRegistrationResponse({
    response: body.response as RegistrationResponseJSON,
    expectedChallenge: challenge,
    expectedOrigin: rp.origin,
    expectedRPID: rp.rpId,
    requireUserVerification: true,
  }).catch(() => ({ verified: false as const }));
  if (!verification.verified) throw failed();
  const { credential } = verification.registrationInfo;
  const scope = scopeFor(principal);
  const row = await deps.database.inPractice(scope.practiceId, async (tx) => {
    const saved = await insertPasskey(tx, scope, {
      userId: principal.userId,
      credentialId: credential.id,
      publicKey: Buffer.from(credential.publicKey).toString('base64url'),
      counter: credential.counter,
      transports: credential.transports ? JSON.stringify(credential.transports) : null,
      name: body.name,
    });
    await writeAudit(tx, scope, audit, {
      action: 'mfa.passkey_added',
      resourceType: 'user',
      resourceId: principal.userId,
    });
    return saved;
  });
  return { id: row.id, name: row.name, createdAt: row.createdAt.toISOString(), lastUsedAt: null };
}

export async function listMyPasskeys(deps: AuthDeps, principal: Principal) {
  const scope = scopeFor(principal);
  const rows = await deps.database.inPractice(scope.practiceId, (tx) =>
    listPasskeys(tx, scope, principal.userId),
  );
  return {
    items: rows.map((r) => ({
      id: r.id,
      name: r.name,
      createdAt: r.createdAt.toISOString(),
      lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
    })),
  };
}

/** Second sign-in step with a passkey: options bound to this pending sign-in. */
export async function passkeyAuthenticationOptions(
  deps: AuthDeps,
  claims: PendingClaims,
  origin: string | undefined,
) {
  const rp = relyingParty(deps, origin);
  const scope = scopeFor({ userId: claims.sub, practiceId: claims.pid, role: claims.role });
  const credentials = await deps.database.inPractice(scope.practiceId, (tx) =>
    listPasskeys(tx, scope, claims.sub),
  );
  if (credentials.length === 0) throw new AppError('conflict', 'No passkey is registered for this account');
  const options = await generateAuthenticationOptions({
    rpID: rp.rpId,
    userVerification: 'required',
    allowCredentials: credentials.map((c) => ({ id: c.credentialId })),
  });
  await deps.challenges.put(`authenticate:${claims.sub}`, options.challenge, CHALLENGE_SECONDS);
  return options;
}

export async function verifyPasskey(
  deps: AuthDeps,
  claims: PendingClaims,
  response: unknown,
  origin: string | undefined,
  audit: AuditContext,
) {
  const rp = relyingParty(deps, origin);
  const scope = scopeFor({ userId: claims.sub, practiceId: claims.pid, role: claims.role });
  const challenge = await deps.challenges.take(`authenticate:${claims.sub}`);
  const answer = response as AuthenticationResponseJSON;
  const result = await deps.database.inPractice(scope.practiceId, async (tx) => {
    const stored = (await listPasskeys(tx, scope, claims.sub)).find((c) => c.credentialId === answer.id);
    const verification =
      challenge && stored
        ? await verifyAuthenticationResponse({
            response: answer,
            expectedChallenge: challenge,
            expectedOrigin: rp.origin,
            expectedRPID: rp.rpId,
            requireUserVerification: true,
            credential: {
              id: stored.credentialId,
              publicKey: Buffer.from(stored.publicKey, 'base64url'),
              counter: stored.counter,
            },
          }).catch(() => null)
        : null;
    if (!stored || !verification?.verified) {
      await writeAudit(tx, scope, audit, {
        action: 'mfa.passkey_verified',
        resourceType: 'user',
        resourceId: claims.sub,
        outcome: 'failure',
      });
      return null;
    }
    await recordPasskeyUse(tx, scope, stored.id, verification.authenticationInfo.newCounter);
    await writeAudit(tx, scope, audit, {
      action: 'mfa.passkey_verified',
      resourceType: 'user',
      resourceId: claims.sub,
    });
    const settings = securitySettings(await findPracticeSettings(tx, scope));
    return issueSession(deps, tx, scope, audit, settings, 'mfa');
  });
  if (!result) throw failed();
  return result;
}
