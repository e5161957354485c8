import { createHash, createHmac } from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { z } from 'zod';
import { StaffRoleSchema } from '@mentalspace/contracts';

/** Access tokens live minutes; the refresh token and the session's idle timer carry the rest. */
export const ACCESS_TOKEN_SECONDS = 5 * 60;
export const PENDING_TOKEN_SECONDS = 5 * 60;
const ISSUER = 'mentalspace';

const idle = z.number().int().min(30).max(14_400);

const AccessClaimsSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('staff'),
    sub: z.uuid(),
    pid: z.uuid(),
    sid: z.uuid(),
    role: StaffRoleSchema,
    /** 'pwd' or 'mfa': how strongly the session was authenticated. */
    aal: z.enum(['pwd', 'mfa']),
    /** The idle timeout in seconds, so each request can extend it without a lookup. */
    idle,
  }),
  z.object({
    /** A client in the portal: `sub` is the portal account, `cid` the client's own record. */
    kind: z.literal('portal'),
    sub: z.uuid(),
    pid: z.uuid(),
    sid: z.uuid(),
    cid: z.uuid(),
    idle,
  }),
]);
export type AccessClaims = z.infer<typeof AccessClaimsSchema>;

/** Between the password and the second factor: names the user, grants nothing else. */
const PendingClaimsSchema = z.object({
  sub: z.uuid(),
  pid: z.uuid(),
  role: StaffRoleSchema,
  purpose: z.literal('mfa'),
});
export type PendingClaims = z.infer<typeof PendingClaimsSchema>;

/** A portal client between password and authenticator code: names the account, grants nothing else. */
const PortalPendingClaimsSchema = z.object({
  sub: z.uuid(),
  pid: z.uuid(),
  cid: z.uuid(),
  purpose: z.literal('portal_mfa'),
});
export type PortalPendingClaims = z.infer<typeof PortalPendingClaimsSchema>;

export interface SigningKey {
  kid: string;
  key: Uint8Array;
}

/**
 * Keys from secrets: the first signs, all verify, so a new secret can be introduced without
 * signing everyone out. The key id is a hash prefix of the secret, never the secret.
 */
export function signingKeys(secrets: string[]): SigningKey[] {
  return secrets.map((secret) => ({
    kid: createHash('sha256').update(secret).digest('hex').slice(0, 12),
    key: createHmac('sha256', secret).update('mentalspace/jwt/v1').digest(),
  }));
}

export type TokenService = ReturnType<typeof createTokenService>;

/** At most this many verified access tokens are remembered (the oldest is forgotten first). */
export const VERIFIED_TOKENS_KEPT = 10_000;

export function createTokenService(
  keys: SigningKey[],
  now: () => number = Date.now,
  remember = VERIFIED_TOKENS_KEPT,
) {
  const [current] = keys;
  if (!current) throw new Error('at least one signing key is required');
  const byKid = new Map(keys.map((k) => [k.kid, k.key]));

  async function sign(payload: JWTPayload, audience: string, seconds: number) {
    const iat = Math.floor(now() / 1000);
    return new SignJWT(payload)
      .setProtectedHeader({ alg: 'HS256', kid: current!.kid, typ: 'JWT' })
      .setIssuer(ISSUER)
      .setAudience(audience)
      .setIssuedAt(iat)
      .setExpirationTime(iat + seconds)
      .sign(current!.key);
  }

  /** The payload of a valid token of ours for this audience; why not, otherwise. */
  async function verify(token: string, audience: string): Promise<JWTPayload | 'expired' | 'invalid'> {
    if (token.length > 4096) return 'invalid';
    try {
      const { payload } = await jwtVerify(
        token,
        (header) => {
          const key = header.kid ? byKid.get(header.kid) : undefined;
          if (!key) throw new joseErrors.JWKSNoMatchingKey();
          return key;
        },
        {
          algorithms: ['HS256'],
          issuer: ISSUER,
          audience,
          currentDate: new Date(now()),
        },
      );
      return payload;
    } catch (error) {
      return error instanceof joseErrors.JWTExpired ? 'expired' : 'invalid';
    }
  }

  /**
   * Access tokens already verified, until they expire: every request presents one, and checking
   * its signature again each time cost more than the request's own query. Only a token that passed
   * the full check is kept, keyed by its exact text, so a forged or altered token never matches;
   * revocation does not depend on this (the session check runs on every request).
   */
  const verified = new Map<string, { claims: AccessClaims; exp: number }>();

  return {
    /** How many verified access tokens are remembered now (bounded by `remember`). */
    rememberedTokens: () => verified.size,
    signAccess: (claims: AccessClaims) => sign({ ...claims }, 'access', ACCESS_TOKEN_SECONDS),
    async verifyAccess(token: string): Promise<AccessClaims | 'expired' | 'invalid'> {
      const known = verified.get(token);
      if (known) {
        if (known.exp * 1000 > now()) return known.claims;
        verified.delete(token);
        return 'expired';
      }
      const payload = await verify(token, 'access');
      if (typeof payload === 'string') return payload;
      const parsed = AccessClaimsSchema.safeParse(payload);
      if (!parsed.success || payload.exp === undefined) return 'invalid';
      if (verified.size >= remember) verified.delete(verified.keys().next().value!);
      verified.set(token, { claims: parsed.data, exp: payload.exp });
      return parsed.data;
    },
    signPending: (claims: PendingClaims) => sign({ ...claims }, 'mfa-pending', PENDING_TOKEN_SECONDS),
    async verifyPending(token: string): Promise<PendingClaims | null> {
      const payload = await verify(token, 'mfa-pending');
      const parsed = PendingClaimsSchema.safeParse(payload);
      return typeof payload !== 'string' && parsed.success ? parsed.data : null;
    },
    signPortalPending: (claims: PortalPendingClaims) =>
      sign({ ...claims }, 'portal-mfa-pending', PENDING_TOKEN_SECONDS),
    async verifyPortalPending(token: string): Promise<PortalPendingClaims | null> {
      const payload = await verify(token, 'portal-mfa-pending');
      const parsed = PortalPendingClaimsSchema.safeParse(payload);
      return typeof payload !== 'string' && parsed.success ? parsed.data : null;
    },
  };
}
