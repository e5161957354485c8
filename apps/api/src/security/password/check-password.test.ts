import { DEFAULT_PASSWORD_POLICY, NIST_PASSWORD_POLICY } from '@mentalspace/contracts';
import { describe, expect, it } from 'vitest';
import { checkNewPassword } from './check-password';
import { hashPassword } from './hash';

const user = { email: 'dana.whitfield@clinic.test', firstName: 'Dana', lastName: 'Whitfield' };
const rules = (result: { unmet: { rule: string }[] }) => result.unmet.map((u) => u.rule);

// Cost 4 keeps these fast; the cost itself is pinned in hash.test.ts.
const history = (...passwords: string[]) => Promise.all(passwords.map((p) => hashPassword(p, 4)));

describe('checking a new password on the server', () => {
  it('accepts a strong password that is neither common nor recent', async () => {
    const result = await checkNewPassword({
      password: 'Lantern-Orchid-47!',
      policy: DEFAULT_PASSWORD_POLICY,
      user,
      previousHashes: await history('Old-Harbour-Lamp-2!', 'Quiet-Meadow-Fox-8?'),
    });
    expect(result).toMatchObject({ ok: true, unmet: [] });
    expect(result.band).toMatch(/Strong|Excellent/);
  });

  it.each(['Password123!', 'P@ssw0rd2024'])('refuses %s as common and scores it Weak', async (password) => {
    const result = await checkNewPassword({
      password,
      policy: DEFAULT_PASSWORD_POLICY,
      user,
      previousHashes: [],
    });
    expect(rules(result)).toContain('common_password');
    expect(result.ok).toBe(false);
    expect(result.band).toBe('Weak');
  });

  it('refuses any of the last five passwords', async () => {
    const previousHashes = await history(
      'Newest-Lamp-Post-1!',
      'B-Second-Pass-92#',
      'C-Third-Pass-93#',
      'D-Fourth-Pass-94#',
      'E-Fifth-Pass-95#',
    );
    for (const password of ['Newest-Lamp-Post-1!', 'E-Fifth-Pass-95#']) {
      const result = await checkNewPassword({
        password,
        policy: DEFAULT_PASSWORD_POLICY,
        user,
        previousHashes,
      });
      expect(rules(result)).toEqual(['reused_password']);
    }
  });

  it('forgets passwords older than the history the policy keeps', async () => {
    const previousHashes = await history('A-First-Pass-91#', 'B-Second-Pass-92#', 'C-Third-Pass-93#');
    const policy = { ...DEFAULT_PASSWORD_POLICY, historyCount: 2 };
    const oldest = await checkNewPassword({ password: 'C-Third-Pass-93#', policy, user, previousHashes });
    expect(oldest.ok).toBe(true);
    const off = { ...DEFAULT_PASSWORD_POLICY, historyCount: 0 };
    expect(
      (await checkNewPassword({ password: 'A-First-Pass-91#', policy: off, user, previousHashes })).ok,
    ).toBe(true);
  });

  it('reports every unmet rule at once, the server-only ones included', async () => {
    const result = await checkNewPassword({
      password: 'whitfield',
      policy: DEFAULT_PASSWORD_POLICY,
      user,
      previousHashes: await history('whitfield'),
    });
    expect(rules(result)).toEqual(
      expect.arrayContaining(['too_short', 'needs_upper', 'contains_personal_info', 'reused_password']),
    );
  });

  it('accepts a long passphrase under the NIST preset without composition rules', async () => {
    const result = await checkNewPassword({
      password: 'violet tractor humming under rain',
      policy: NIST_PASSWORD_POLICY,
      user,
      previousHashes: [],
    });
    expect(result.ok).toBe(true);
  });
});
