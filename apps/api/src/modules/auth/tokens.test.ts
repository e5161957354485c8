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
});
