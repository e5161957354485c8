import { describe, expect, it } from 'vitest';
import { idleTimeoutSeconds, lockoutMinutes, securitySettings } from './security-settings';

describe('security settings', () => {
  it('fills defaults and falls back to them when the stored value is damaged', () => {
    expect(securitySettings({})).toMatchObject({
      idleTimeoutMinutes: 15,
      absoluteLifetimeHours: 12,
      mfaRequiredForStaff: true,
    });
    expect(securitySettings({ idleTimeoutMinutes: 'forever' }).idleTimeoutMinutes).toBe(15);
    expect(securitySettings(null).mfaRequiredForStaff).toBe(true);
  });

  it('lets a deployment cap the idle timeout but never lengthen it', () => {
    const settings = securitySettings({ idleTimeoutMinutes: 20 });
    expect(idleTimeoutSeconds(settings)).toBe(1200);
    expect(idleTimeoutSeconds(settings, 60)).toBe(60);
    expect(idleTimeoutSeconds(settings, 99_999)).toBe(1200);
  });

  it('locks progressively: nothing below the threshold, then doubling, at most a day', () => {
    const settings = securitySettings({ lockoutThreshold: 5, lockoutBaseMinutes: 5 });
    expect(lockoutMinutes(settings, 4)).toBe(0);
    expect(lockoutMinutes(settings, 5)).toBe(5);
    expect(lockoutMinutes(settings, 6)).toBe(10);
    expect(lockoutMinutes(settings, 7)).toBe(20);
    expect(lockoutMinutes(settings, 50)).toBe(5 * 2 ** 8);
    expect(lockoutMinutes(securitySettings({ lockoutBaseMinutes: 30 }), 50)).toBe(24 * 60);
  });
});
