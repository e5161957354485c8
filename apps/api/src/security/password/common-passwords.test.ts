import { describe, expect, it } from 'vitest';
import { isCommonPassword, loadCommonPasswords } from './common-passwords';

describe('the common-password blocklist', () => {
  it('ships at least 10,000 real entries', () => {
    const list = loadCommonPasswords();
    expect(list.size).toBeGreaterThanOrEqual(10_000);
    expect(list.has('password')).toBe(true);
    expect(list.has('iloveyou')).toBe(true);
  });

  it('sees through case, trailing digits and symbols, and leetspeak', () => {
    expect(isCommonPassword('Password123!')).toBe(true);
    expect(isCommonPassword('P@ssw0rd2024')).toBe(true);
    expect(isCommonPassword('DRAGON')).toBe(true);
    expect(isCommonPassword('Lantern-Orchid-47!')).toBe(false);
  });
});
