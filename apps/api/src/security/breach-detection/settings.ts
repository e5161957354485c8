import { BreachSettingsSchema, type BreachSettings } from '@mentalspace/contracts';

export { BreachSettingsSchema, type BreachSettings };

export function breachSettings(securitySettings: unknown): BreachSettings {
  const stored = (securitySettings as { breachDetection?: unknown } | null)?.breachDetection ?? {};
  const parsed = BreachSettingsSchema.safeParse(stored);
  return parsed.success ? parsed.data : BreachSettingsSchema.parse({});
}
