import { DEFAULT_PASSWORD_POLICY, NIST_PASSWORD_POLICY, type PasswordPolicy } from '@mentalspace/contracts';
import { z } from 'zod';

/** A practice's security settings; stored as JSON on the practice, defaults filled in here. */
export const SecuritySettingsSchema = z.object({
  idleTimeoutMinutes: z.number().int().min(1).max(240).default(15),
  absoluteLifetimeHours: z.number().int().min(1).max(24).default(12),
  mfaRequiredForStaff: z.boolean().default(true),
  /** Failed sign-ins before the account locks; each further failure doubles the lock. */
  lockoutThreshold: z.number().int().min(3).max(20).default(5),
  lockoutBaseMinutes: z.number().int().min(1).max(60).default(5),
  reauthenticationMinutes: z.number().int().min(1).max(60).default(10),
  /** The practice's rules, or NIST SP 800-63B's (length and blocklist, no composition). */
  passwordPreset: z.enum(['practice', 'nist']).default('practice'),
  passwordMinLength: z.number().int().min(8).max(128).optional(),
});
export type SecuritySettings = z.infer<typeof SecuritySettingsSchema>;

export function securitySettings(stored: unknown): SecuritySettings {
  const parsed = SecuritySettingsSchema.safeParse(stored ?? {});
  // A damaged setting must not weaken security: fall back to the defaults.
  return parsed.success ? parsed.data : SecuritySettingsSchema.parse({});
}

/** Minutes locked after `failures` consecutive failed sign-ins (0 below the threshold). */
export function lockoutMinutes(settings: SecuritySettings, failures: number): number {
  if (failures < settings.lockoutThreshold) return 0;
  const doublings = Math.min(failures - settings.lockoutThreshold, 8);
  return Math.min(settings.lockoutBaseMinutes * 2 ** doublings, 24 * 60);
}

/**
 * The idle timeout in force: the practice's, or the deployment's cap when that is stricter
 * (`IDLE_TIMEOUT_CAP_SECONDS`; a deployment may shorten, never lengthen, what practices chose).
 */
export function idleTimeoutSeconds(settings: SecuritySettings, capSeconds?: number): number {
  const practice = settings.idleTimeoutMinutes * 60;
  return capSeconds ? Math.min(practice, capSeconds) : practice;
}

export function passwordPolicyFor(settings: SecuritySettings): PasswordPolicy {
  const base = settings.passwordPreset === 'nist' ? NIST_PASSWORD_POLICY : DEFAULT_PASSWORD_POLICY;
  return settings.passwordMinLength ? { ...base, minLength: settings.passwordMinLength } : base;
}
