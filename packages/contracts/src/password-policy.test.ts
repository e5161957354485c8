import { describe, expect, it } from 'vitest';
import {
  bandFor,
  DEFAULT_PASSWORD_POLICY,
  evaluatePassword,
  hasRepeat,
  hasSequence,
  NIST_PASSWORD_POLICY,
} from './password-policy';

const rules = (password: string, context = {}) =>
  evaluatePassword(password, DEFAULT_PASSWORD_POLICY, context).unmet.map((u) => u.rule);

describe('the practice password policy', () => {
  it('accepts a long, varied password with nothing personal in it', () => {
    const result = evaluatePassword('Lantern-Orchid-47!', DEFAULT_PASSWORD_POLICY, {
      email: 'dana@clinic.test',
    });
    expect(result.ok).toBe(true);
    expect(result.score).toBeGreaterThanOrEqual(75);
  });

  it.each([
    ['Sh0rt!x', 'too_short'],
    ['lowercase-only-47!', 'needs_upper'],
    ['UPPERCASE-ONLY-47!', 'needs_lower'],
    ['No-Digits-Here-At-All!', 'needs_digit'],
    ['NoSymbolsHere4711', 'needs_special'],
    ['Pass-abcd-Word-9!', 'has_sequence'],
    ['Pass-9876-Word-X!', 'has_sequence'],
    ['Paaas-Word-Nine-1!', 'has_repeat'],
  ])('refuses %s for %s', (password, rule) => {
    expect(rules(password)).toContain(rule);
  });

  it('refuses passwords containing the name or the e-mail', () => {
    expect(rules('Whitfield-Garden-7!', { lastName: 'Whitfield' })).toContain('contains_personal_info');
    expect(rules('Garden-dana.w-7!X', { email: 'dana.w@clinic.test' })).toContain('contains_personal_info');
    expect(rules('Garden-Lamp-73!X', { email: 'dana.w@clinic.test', firstName: 'Dana' })).toEqual([]);
  });

  it('refuses 129 characters and accepts 64', () => {
    expect(rules(`${'Ab1!'.repeat(16)}`)).toEqual([]);
    expect(rules('Ab1!xY'.repeat(22))).toContain('too_long');
  });

  it('caps a common password at Weak and reports reuse from the server', () => {
    const common = evaluatePassword('Password123!', DEFAULT_PASSWORD_POLICY, { isCommon: true });
    expect(common.unmet.map((u) => u.rule)).toContain('common_password');
    expect(common.score).toBeLessThan(40);
    expect(rules('Lantern-Orchid-47!', { isReused: true })).toEqual(['reused_password']);
  });

  it('grows the score with length and variety', () => {
    const short = evaluatePassword('Ab1!efgh', NIST_PASSWORD_POLICY).score;
    const longer = evaluatePassword('Ab1!efgh-Kq7#rtWz', NIST_PASSWORD_POLICY).score;
    expect(longer).toBeGreaterThan(short);
    expect(evaluatePassword('', DEFAULT_PASSWORD_POLICY).score).toBe(0);
  });
});

describe('the NIST SP 800-63B preset', () => {
  it('accepts a long passphrase without composition rules', () => {
    expect(evaluatePassword('correct horse battery staple', NIST_PASSWORD_POLICY).ok).toBe(true);
  });
  it('still refuses short, sequential and common passwords', () => {
    expect(evaluatePassword('xk9#', NIST_PASSWORD_POLICY).unmet.map((u) => u.rule)).toContain('too_short');
    expect(evaluatePassword('12345678', NIST_PASSWORD_POLICY).unmet.map((u) => u.rule)).toContain(
      'has_sequence',
    );
    expect(evaluatePassword('iloveyou', NIST_PASSWORD_POLICY, { isCommon: true }).ok).toBe(false);
  });
});

describe('bands and runs', () => {
  it('draws the bands at 40, 60, 75 and 90', () => {
    expect([0, 39, 40, 59, 60, 74, 75, 89, 90, 100].map(bandFor)).toEqual([
      'Weak',
      'Weak',
      'Fair',
      'Fair',
      'Good',
      'Good',
      'Strong',
      'Strong',
      'Excellent',
      'Excellent',
    ]);
  });
  it('finds runs of four climbing or falling characters and three repeats', () => {
    expect(hasSequence('xabcdx')).toBe(true);
    expect(hasSequence('xabcx')).toBe(false);
    expect(hasSequence('zyxw')).toBe(true);
    expect(hasRepeat('aa-aa')).toBe(false);
    expect(hasRepeat('x111x')).toBe(true);
  });
});
