import { describe, expect, it } from 'vitest';
import { BREACH_SETTING_FIELDS, BreachSettingsSchema } from './breach-settings';

describe('breach-detection settings', () => {
  it('gives the settings form an entry for every threshold', () => {
    const shown = [...BREACH_SETTING_FIELDS.map((f) => f.key), 'businessHours'].sort();
    expect(shown).toEqual(Object.keys(BreachSettingsSchema.shape).sort());
  });

  it('fills every default, and refuses a threshold out of its range', () => {
    const defaults = BreachSettingsSchema.parse({});
    expect(defaults.excessiveAccessClients).toBe(40);
    expect(defaults.businessHours).toEqual({ start: 7, end: 20 });
    expect(BreachSettingsSchema.safeParse({ deniedAdminActions: 0 }).success).toBe(false);
  });
});
