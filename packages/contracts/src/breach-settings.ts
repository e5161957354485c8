import { z } from 'zod';

/** Breach-detection thresholds: practice settings (`security_settings.breachDetection`) with defaults. */
export const BreachSettingsSchema = z.object({
  /** Distinct clients one person may open within the window before it looks like snooping. */
  excessiveAccessClients: z.number().int().min(5).max(10_000).default(40),
  excessiveAccessWindowMinutes: z
    .number()
    .int()
    .min(5)
    .max(24 * 60)
    .default(60),
  /** Failed sign-ins on one account, and accounts failed from one address (spraying). */
  failedSignInsPerAccount: z.number().int().min(2).max(100).default(5),
  sprayAccountsPerAddress: z.number().int().min(2).max(100).default(4),
  failedSignInWindowMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  /** Working hours in the practice's time zone; chart access outside them is flagged. */
  businessHours: z
    .object({ start: z.number().int().min(0).max(23), end: z.number().int().min(1).max(24) })
    .default({ start: 7, end: 20 }),
  /** Refused administrative actions by one person within the window. */
  deniedAdminActions: z.number().int().min(1).max(100).default(3),
  deniedWindowMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  /** Rows exported at once, and exports within the window, that look like exfiltration. */
  exportRows: z.number().int().min(10).max(1_000_000).default(1_000),
  exportsPerWindow: z.number().int().min(2).max(100).default(3),
  exportWindowMinutes: z
    .number()
    .int()
    .min(5)
    .max(24 * 60)
    .default(60),
  /**
   * Record downloads that look like exfiltration without an export: rows returned by client
   * list, search and waitlist screens, and single records opened (`*.read`), per person within
   * the window. A busy clinician or front desk stays well under both in an hour.
   */
  recordsReturnedPerWindow: z.number().int().min(100).max(1_000_000).default(2_000),
  recordReadsPerWindow: z.number().int().min(20).max(100_000).default(300),
  downloadWindowMinutes: z
    .number()
    .int()
    .min(5)
    .max(24 * 60)
    .default(60),
  /** ISO weekdays (1 = Monday) the practice is open; chart access on other days is flagged. */
  businessDays: z
    .array(z.number().int().min(1).max(7))
    .max(7)
    .refine((days) => new Set(days).size === days.length, 'each weekday once')
    .default([1, 2, 3, 4, 5]),
});
export type BreachSettings = z.infer<typeof BreachSettingsSchema>;

/**
 * What the owners' settings form shows for each threshold, in the order it shows them. Every key
 * of the schema except `businessHours` (edited as two hours) has an entry; a test holds them equal.
 * Every entry is a number except `businessDays`, a set of ISO weekdays (unit `weekdays`).
 */
export const BREACH_SETTING_FIELDS = [
  { key: 'excessiveAccessClients', label: 'Distinct clients one person may open', unit: 'clients' },
  { key: 'excessiveAccessWindowMinutes', label: '…within', unit: 'minutes' },
  { key: 'failedSignInsPerAccount', label: 'Failed sign-ins on one account', unit: 'attempts' },
  { key: 'sprayAccountsPerAddress', label: 'Accounts failing from one address (spraying)', unit: 'accounts' },
  { key: 'failedSignInWindowMinutes', label: '…within', unit: 'minutes' },
  { key: 'deniedAdminActions', label: 'Refused administrative actions by one person', unit: 'refusals' },
  { key: 'deniedWindowMinutes', label: '…within', unit: 'minutes' },
  { key: 'exportRows', label: 'Rows in one export', unit: 'rows' },
  { key: 'exportsPerWindow', label: 'Exports by one person', unit: 'exports' },
  { key: 'exportWindowMinutes', label: '…within', unit: 'minutes' },
  { key: 'recordsReturnedPerWindow', label: 'Rows listed or searched by one person', unit: 'rows' },
  { key: 'recordReadsPerWindow', label: 'Single records opened by one person', unit: 'records' },
  { key: 'downloadWindowMinutes', label: '…within', unit: 'minutes' },
  { key: 'businessDays', label: 'Business days', unit: 'weekdays' },
] as const satisfies readonly {
  key: Exclude<keyof BreachSettings, 'businessHours'>;
  label: string;
  unit: string;
}[];
