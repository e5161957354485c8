import { describe, expect, it } from 'vitest';
import { createTokenService, signingKeys } from './tokens';

const OLD = 'old-signing-secret-'.padEnd(70, 'Qw3');
const NEW = 'new-signing-secret-'.padEnd(70, 'Zx9');
const claims = {
  sub: '01a203ea-0000-7000-8000-000000000001',
  pid: '01a203ea-0000-7000-8000-000000000002',
  sid: '01a203ea-0000-7000-8000-000000000003',
  kind: 'staff' as const,
  role: 'clinician' as const,
  aal: 'mfa' as const,
  idle: 900,
};

describe('access tokens', () => {
  it('keep verifying across a secret rotation: the new secret signs, the old one still verifies', async () => {
    const before = createTokenService(signingKeys([OLD]));
    const during = createTokenService(signingKeys([NEW, OLD]));
    const after = createTokenService(signingKeys([NEW]));
    const issuedBefore = await before.signAccess(claims);
    expect(await during.verifyAccess(issuedBefore)).toMatchObject({ sub: claims.sub });
    const issuedDuring = await during.signAccess(claims);
    expect(await after.verifyAccess(issuedDuring)).toMatchObject({ sid: claims.sid });
    expect(await after.verifyAccess(issuedBefore)).toBe('invalid');
  });

  it('expire after five minutes and never accept a pending token as access', async () => {
    let now = Date.now();
    const tokens = createTokenService(signingKeys([NEW]), () => now);
    const token = await tokens.signAccess(claims);
    const pending = await tokens.signPending({
      sub: claims.sub,
      pid: claims.pid,
      role: 'clinician',
      purpose: 'mfa',
    });
    expect(await tokens.verifyAccess(pending)).toBe('invalid');
    expect(await tokens.verifyPending(token)).toBeNull();
    now += 5 * 60_000 + 1_000;
    expect(await tokens.verifyAccess(token)).toBe('expired');
  });

  it('remembers a verified token until it expires, and never a token that fails the check', async () => {
    let now = Date.now();
    const tokens = createTokenService(signingKeys([NEW]), () => now);
    const token = await tokens.signAccess(claims);
    expect(await tokens.verifyAccess(token)).toMatchObject({ sub: claims.sub });
    expect(tokens.rememberedTokens()).toBe(1);
    // Served from memory now; still exact about expiry.
    expect(await tokens.verifyAccess(token)).toMatchObject({ sid: claims.sid });
    const [header, payload, signature] = token.split('.');
    const otherSignature = `${signature!.slice(0, -2)}${signature!.endsWith('AA') ? 'BB' : 'AA'}`;
    const forgedClaims = Buffer.from(JSON.stringify({ ...claims, role: 'owner' })).toString('base64url');
    expect(await tokens.verifyAccess(`${header}.${payload}.${otherSignature}`)).toBe('invalid');
    expect(await tokens.verifyAccess(`${header}.${forgedClaims}.${signature}`)).toBe('invalid');
    expect(tokens.rememberedTokens()).toBe(1);
    now += 5 * 60_000 + 1_000;
    expect(await tokens.verifyAccess(token)).toBe('expired');
    expect(await tokens.verifyAccess(token)).toBe('expired');
  });

  it('keeps a bounded number of verified tokens, forgetting the oldest first', async () => {
    const tokens = createTokenService(signingKeys([NEW]), Date.now, 3);
    const issued = await Promise.all(
      Array.from({ length: 5 }, (_, i) => tokens.signAccess({ ...claims, idle: 60 + i })),
    );
    for (const token of issued) expect(await tokens.verifyAccess(token)).not.toBe('invalid');
    expect(tokens.rememberedTokens()).toBe(3);
    // A forgotten one still verifies: the full check runs again.
    expect(await tokens.verifyAccess(issued[0]!)).toMatchObject({ idle: 60 });
    expect(tokens.rememberedTokens()).toBe(3);
    expect(createTokenService(signingKeys([NEW])).rememberedTokens()).toBe(0);
  });
});
