import { describe, expect, it } from 'vitest';
import {
  bandFor,
  DEFAULT_PASSWORD_POLICY,
  evaluatePassword,
  hasRepeat,
  hasSequence,
  NIST_PASSWORD_POLICY,
  NIST_SINGLE_FACTOR_MIN_LENGTH,
  nistPasswordPolicy,
  onlyRuns,
  PASSWORD_RULES,
  PasswordPolicySchema,
  unleet,
  type PasswordContext,
  type PasswordPolicy,
} from './password-policy';

const rules = (
  password: string,
  context: PasswordContext = {},
  policy: PasswordPolicy = DEFAULT_PASSWORD_POLICY,
) => evaluatePassword(password, policy, context).unmet.map((u) => u.rule);
const score = (password: string, policy: PasswordPolicy = NIST_PASSWORD_POLICY) =>
  evaluatePassword(password, policy).score;

describe('the policy settings', () => {
  it('fills in the practice defaults', () => {
    expect(PasswordPolicySchema.parse({})).toEqual(DEFAULT_PASSWORD_POLICY);
    expect(DEFAULT_PASSWORD_POLICY).toMatchObject({ minLength: 12, maxLength: 128, historyCount: 5 });
  });

  it('accepts both presets as they are', () => {
    expect(PasswordPolicySchema.parse(DEFAULT_PASSWORD_POLICY)).toEqual(DEFAULT_PASSWORD_POLICY);
    expect(PasswordPolicySchema.parse(NIST_PASSWORD_POLICY)).toEqual(NIST_PASSWORD_POLICY);
  });

  it.each([
    [{ minLength: 7 }, 'minLength'],
    [{ minLength: 129 }, 'minLength'],
    [{ maxLength: 63 }, 'maxLength'],
    [{ minLength: 100, maxLength: 64 }, 'maxLength'],
    [{ historyCount: -1 }, 'historyCount'],
    [{ preset: 'lenient' }, 'preset'],
  ])('refuses %o', (settings, field) => {
    const parsed = PasswordPolicySchema.safeParse(settings);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join('.'))).toContain(field);
  });
});

describe('the practice password policy, rule by rule', () => {
  it('accepts a long, varied password with nothing personal in it', () => {
    const result = evaluatePassword('Lantern-Orchid-47!', DEFAULT_PASSWORD_POLICY, {
      email: 'dana@clinic.test',
      firstName: 'Dana',
      lastName: 'Whitfield',
    });
    expect(result).toMatchObject({ ok: true, unmet: [] });
    expect(result.score).toBeGreaterThanOrEqual(75);
  });

  it.each([
    ['too_short', 'Sh0rt!x-Ab', 'Sh0rt!x-Ab9#'],
    ['needs_upper', 'lowercase-only-47!', 'Lowercase-only-47!'],
    ['needs_lower', 'UPPERCASE-ONLY-47!', 'UPPERCASe-ONLY-47!'],
    ['needs_digit', 'No-Digits-Here-At-All!', 'No-Digits-Here-At-A11!'],
    ['needs_special', 'NoSymbolsHere4711', 'NoSymbolsHere4711!'],
    ['has_sequence', 'Pass-abcd-Word-9!', 'Pass-abd-Word-9!'],
    ['has_sequence', 'Pass-9876-Word-X!', 'Pass-9875-Word-X!'],
    ['has_repeat', 'Paaas-Word-Nine-1!', 'Paas-Word-Nine-1!'],
  ])('%s: refuses %s and accepts %s', (rule, failing, passing) => {
    expect(rules(failing)).toEqual([rule]);
    expect(rules(passing)).toEqual([]);
  });

  it('too_long: accepts 128 characters and refuses 129, with at least 64 always allowed', () => {
    expect(rules('Ab1!'.repeat(16))).toEqual([]);
    expect(rules(`Ab1!xY`.repeat(21) + 'Zq')).toEqual([]);
    expect(rules(`Ab1!xY`.repeat(21) + 'Zq9')).toEqual(['too_long']);
  });

  it('counts characters, not UTF-16 units', () => {
    expect(rules('Émile-🌿🌿-Ko4')).toEqual([]);
    expect(rules('Émile-🌿-Ko4')).toEqual(['too_short']);
  });

  it('contains_personal_info: refuses the name or the e-mail, plainly or in leetspeak', () => {
    const person = { email: 'dana.w@clinic.test', firstName: 'Dana', lastName: 'Whitfield' };
    expect(rules('Whitfield-Garden-7!', person)).toEqual(['contains_personal_info']);
    expect(rules('Wh1tf1eld-Garden-7!', person)).toEqual(['contains_personal_info']);
    expect(rules('Garden-dana.w-7!X', person)).toEqual(['contains_personal_info']);
    expect(rules('Garden-D@na-7!Xq', person)).toEqual(['contains_personal_info']);
    expect(rules('Garden-Lamp-73!X', person)).toEqual([]);
  });

  it('ignores names too short to matter', () => {
    expect(rules('Garden-Lamp-Al-73!', { firstName: 'Al', email: 'al@clinic.test' })).toEqual([]);
  });

  it('common_password and reused_password come from the server', () => {
    expect(rules('Lantern-Orchid-47!', { isCommon: true })).toEqual(['common_password']);
    expect(rules('Lantern-Orchid-47!', { isReused: true })).toEqual(['reused_password']);
    expect(rules('Lantern-Orchid-47!', {})).toEqual([]);
  });

  it('skips rules the policy turns off', () => {
    const lenient = {
      ...DEFAULT_PASSWORD_POLICY,
      requireSpecial: false,
      forbidPersonalInfo: false,
      forbidSequences: false,
      forbidRepeats: false,
    };
    expect(rules('Whitfield1234aaaX', { lastName: 'Whitfield' }, lenient)).toEqual([]);
  });

  it('names every rule with a stable code and a message a person can act on', () => {
    const all = evaluatePassword('aaa', DEFAULT_PASSWORD_POLICY, { isCommon: true, isReused: true });
    for (const u of all.unmet) {
      expect(PASSWORD_RULES).toContain(u.rule);
      expect(u.message.length).toBeGreaterThan(5);
    }
  });
});

describe('the strength score', () => {
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

  it('stays within 0 to 100 and gives the band of its score', () => {
    for (const password of [
      '',
      'a',
      'Lantern-Orchid-47!',
      'x'.repeat(300),
      'Kq7#rtWz-9mPv$Lx2&bN'.repeat(5),
    ]) {
      const result = evaluatePassword(password, DEFAULT_PASSWORD_POLICY);
      expect(result.score).toBeGreaterThanOrEqual(0);
      expect(result.score).toBeLessThanOrEqual(100);
      expect(result.band).toBe(bandFor(result.score));
    }
    expect(score('')).toBe(0);
  });

  it('grows with length', () => {
    const random = 'Kq7#rtWz-9mPv$Lx2&bN';
    const scores = [...random].map((_, i) => score(random.slice(0, i + 1)));
    for (let i = 1; i < scores.length; i += 1) expect(scores[i]).toBeGreaterThanOrEqual(scores[i - 1]!);
    expect(scores.at(-1)).toBe(100);
  });

  it('grows with variety', () => {
    expect(score('kqtrwzmpvlxb')).toBeLessThan(score('kqtrwzMPVLXB'));
    expect(score('kqtrwzMPVLXB')).toBeLessThan(score('kqt7wzMP#LXB'));
  });

  it('marks down few distinct characters, sequences, repeats and personal info', () => {
    expect(score('Ab1!Ab1!Ab1!Ab1!')).toBeLessThan(score('Ab1!Kq7#rtWz-9mP'));
    expect(score('Kq7#abcd-9mP')).toBeLessThan(score('Kq7#adbc-9mP'));
    expect(score('Kq7#rrrr-9mP')).toBeLessThan(score('Kq7#rsrt-9mP'));
    const person = { lastName: 'Whitfield' };
    expect(evaluatePassword('Whitfield-7!', NIST_PASSWORD_POLICY, person).score).toBeLessThan(
      evaluatePassword('Marchbank-7!', NIST_PASSWORD_POLICY, person).score,
    );
  });

  it('keeps a common password Weak, however long or varied', () => {
    for (const password of [
      'Password123!',
      'P@ssw0rd2024',
      'Lantern-Orchid-47!',
      'Kq7#rtWz-9mPv$Lx2&bN'.repeat(3),
    ]) {
      const result = evaluatePassword(password, DEFAULT_PASSWORD_POLICY, { isCommon: true });
      expect(result.score).toBeLessThan(40);
      expect(result.band).toBe('Weak');
      expect(result.ok).toBe(false);
    }
  });

  it('never shows a refused password as Good or better', () => {
    expect(evaluatePassword('correct horse battery staple', DEFAULT_PASSWORD_POLICY).score).toBeLessThan(60);
    expect(
      evaluatePassword('Lantern-Orchid-47!', DEFAULT_PASSWORD_POLICY, { isReused: true }).score,
    ).toBeLessThan(60);
  });

  it('scores Excellent a long random password', () => {
    expect(evaluatePassword('Kq7#rtWz-9mPv$Lx', DEFAULT_PASSWORD_POLICY).band).toBe('Excellent');
  });
});

describe('the NIST SP 800-63B preset', () => {
  it('accepts a long passphrase without composition rules', () => {
    const result = evaluatePassword('correct horse battery staple', NIST_PASSWORD_POLICY);
    expect(result.ok).toBe(true);
    expect(result.band).toBe('Excellent');
  });

  it('accepts 8 characters with a second factor and asks 15 without one', () => {
    expect(rules('violetrx', {}, NIST_PASSWORD_POLICY)).toEqual([]);
    const singleFactor = nistPasswordPolicy({ multiFactor: false });
    expect(singleFactor.minLength).toBe(NIST_SINGLE_FACTOR_MIN_LENGTH);
    expect(rules('violetrx', {}, singleFactor)).toEqual(['too_short']);
    expect(nistPasswordPolicy({ multiFactor: true })).toEqual(NIST_PASSWORD_POLICY);
  });

  it('lets a run inside a passphrase through', () => {
    expect(rules('my abcd garden 1999 was green', {}, NIST_PASSWORD_POLICY)).toEqual([]);
    expect(rules('the zzz of summer bees', {}, NIST_PASSWORD_POLICY)).toEqual([]);
  });

  it('still refuses short, common, personal and all-run passwords', () => {
    expect(rules('xk9#', {}, NIST_PASSWORD_POLICY)).toEqual(['too_short']);
    expect(rules('12345678', {}, NIST_PASSWORD_POLICY)).toEqual(['has_sequence']);
    expect(rules('1234abcd', {}, NIST_PASSWORD_POLICY)).toEqual(['has_sequence']);
    expect(rules('aaaaaaaaaa', {}, NIST_PASSWORD_POLICY)).toEqual(['has_repeat']);
    expect(rules('iloveyou', { isCommon: true }, NIST_PASSWORD_POLICY)).toEqual(['common_password']);
    expect(rules('whitfield garden', { lastName: 'Whitfield' }, NIST_PASSWORD_POLICY)).toEqual([
      'contains_personal_info',
    ]);
  });
});

describe('runs and disguises', () => {
  it('finds runs of four climbing or falling letters or digits, and three repeats', () => {
    expect(hasSequence('xabcdx')).toBe(true);
    expect(hasSequence('xABcdx')).toBe(true);
    expect(hasSequence('xabcx')).toBe(false);
    expect(hasSequence('zyxw')).toBe(true);
    expect(hasSequence('6789')).toBe(true);
    expect(hasSequence('!"#$')).toBe(false);
    expect(hasRepeat('aa-aa')).toBe(false);
    expect(hasRepeat('x111x')).toBe(true);
  });

  it('recognises a password made only of runs', () => {
    expect(onlyRuns('12345678')).toBe('sequence');
    expect(onlyRuns('abcabcabc')).toBe('sequence');
    expect(onlyRuns('111222333')).toBe('repeat');
    expect(onlyRuns('aabbcc')).toBeNull();
    expect(onlyRuns('Lantern')).toBeNull();
    expect(onlyRuns('')).toBeNull();
  });

  it('undoes leetspeak', () => {
    expect(unleet('P@$$w0rd')).toBe('password');
  });
});
