import { z } from 'zod';

/**
 * Password rules, shared by the API (which enforces them) and the web app (which shows them live).
 * Pure: the common-password list stays on the server, which passes `isCommon` in.
 */
export const PasswordPolicySchema = z.object({
  preset: z.enum(['practice', 'nist']),
  minLength: z.number().int().min(8).max(128),
  maxLength: z.number().int().min(64).max(256),
  requireUpper: z.boolean(),
  requireLower: z.boolean(),
  requireDigit: z.boolean(),
  requireSpecial: z.boolean(),
  forbidPersonalInfo: z.boolean(),
  forbidSequences: z.boolean(),
  forbidRepeats: z.boolean(),
  historyCount: z.number().int().min(0).max(24),
});
export type PasswordPolicy = z.infer<typeof PasswordPolicySchema>;

/** What the practice asked for: long, varied, personal-info free, not common, not recent. */
export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = {
  preset: 'practice',
  minLength: 12,
  maxLength: 128,
  requireUpper: true,
  requireLower: true,
  requireDigit: true,
  requireSpecial: true,
  forbidPersonalInfo: true,
  forbidSequences: true,
  forbidRepeats: true,
  historyCount: 5,
};

/**
 * NIST SP 800-63B: length and a blocklist (common, sequential, repetitive and context-specific
 * words), no composition rules. 8 characters is NIST's floor where a second factor is required,
 * as it is for staff here.
 */
export const NIST_PASSWORD_POLICY: PasswordPolicy = {
  preset: 'nist',
  minLength: 8,
  maxLength: 128,
  requireUpper: false,
  requireLower: false,
  requireDigit: false,
  requireSpecial: false,
  forbidPersonalInfo: true,
  forbidSequences: true,
  forbidRepeats: true,
  historyCount: 5,
};

export const PASSWORD_RULES = [
  'too_short',
  'too_long',
  'needs_upper',
  'needs_lower',
  'needs_digit',
  'needs_special',
  'contains_personal_info',
  'has_sequence',
  'has_repeat',
  'common_password',
  'reused_password',
] as const;
export type PasswordRuleCode = (typeof PASSWORD_RULES)[number];

export type PasswordBand = 'Weak' | 'Fair' | 'Good' | 'Strong' | 'Excellent';

export interface PasswordEvaluation {
  score: number;
  band: PasswordBand;
  unmet: { rule: PasswordRuleCode; message: string }[];
  ok: boolean;
}

export interface PasswordContext {
  email?: string | undefined;
  firstName?: string | undefined;
  lastName?: string | undefined;
  /** Supplied by the server from its blocklist. */
  isCommon?: boolean | undefined;
  /** Supplied by the server from the password history. */
  isReused?: boolean | undefined;
}

/** A run of this many characters climbing or falling by one ("abcd", "4321") is a sequence. */
export const SEQUENCE_RUN = 4;
/** This many of the same character in a row ("aaa") is a repeat. */
export const REPEAT_RUN = 3;

export function bandFor(score: number): PasswordBand {
  if (score < 40) return 'Weak';
  if (score < 60) return 'Fair';
  if (score < 75) return 'Good';
  if (score < 90) return 'Strong';
  return 'Excellent';
}

export function hasSequence(password: string, run = SEQUENCE_RUN): boolean {
  const s = password.toLowerCase();
  let up = 1;
  let down = 1;
  for (let i = 1; i < s.length; i += 1) {
    const step = s.charCodeAt(i) - s.charCodeAt(i - 1);
    const alnum = /[a-z0-9]/.test(s[i]!) && /[a-z0-9]/.test(s[i - 1]!);
    up = alnum && step === 1 ? up + 1 : 1;
    down = alnum && step === -1 ? down + 1 : 1;
    if (up >= run || down >= run) return true;
  }
  return false;
}

export function hasRepeat(password: string, run = REPEAT_RUN): boolean {
  let count = 1;
  for (let i = 1; i < password.length; i += 1) {
    count = password[i] === password[i - 1] ? count + 1 : 1;
    if (count >= run) return true;
  }
  return false;
}

function personalWords(context: PasswordContext): string[] {
  const local = context.email?.split('@')[0] ?? '';
  return [local, ...local.split(/[._+-]/), context.firstName ?? '', context.lastName ?? '']
    .map((w) => w.trim().toLowerCase())
    .filter((w) => w.length >= 3);
}

/** Bits of a brute-force search over the character classes used, as a 0–100 base score. */
function entropyScore(password: string): number {
  let pool = 0;
  if (/[a-z]/.test(password)) pool += 26;
  if (/[A-Z]/.test(password)) pool += 26;
  if (/\d/.test(password)) pool += 10;
  if (/[^A-Za-z0-9]/.test(password)) pool += 33;
  const distinct = new Set(password).size;
  // Few distinct characters make a long password weaker than its length suggests.
  const effectiveLength = Math.min(password.length, distinct * 2);
  return pool === 0 ? 0 : effectiveLength * Math.log2(pool);
}

export function evaluatePassword(
  password: string,
  policy: PasswordPolicy,
  context: PasswordContext = {},
): PasswordEvaluation {
  const unmet: PasswordEvaluation['unmet'] = [];
  const fail = (rule: PasswordRuleCode, message: string) => unmet.push({ rule, message });
  const length = [...password].length;
  if (length < policy.minLength) fail('too_short', `Use at least ${policy.minLength} characters`);
  if (length > policy.maxLength) fail('too_long', `Use at most ${policy.maxLength} characters`);
  if (policy.requireUpper && !/[A-Z]/.test(password)) fail('needs_upper', 'Add an upper-case letter');
  if (policy.requireLower && !/[a-z]/.test(password)) fail('needs_lower', 'Add a lower-case letter');
  if (policy.requireDigit && !/\d/.test(password)) fail('needs_digit', 'Add a digit');
  if (policy.requireSpecial && !/[^A-Za-z0-9]/.test(password))
    fail('needs_special', 'Add a symbol such as ! or #');
  const lower = password.toLowerCase();
  const personal = policy.forbidPersonalInfo && personalWords(context).some((w) => lower.includes(w));
  if (personal) fail('contains_personal_info', 'Leave out your name and e-mail');
  const sequence = policy.forbidSequences && hasSequence(password);
  if (sequence) fail('has_sequence', `Avoid runs like “abcd” or “1234”`);
  const repeat = policy.forbidRepeats && hasRepeat(password);
  if (repeat) fail('has_repeat', 'Avoid repeating a character three times in a row');
  if (context.isCommon) fail('common_password', 'This password is too common; choose another');
  if (context.isReused)
    fail('reused_password', `Choose one you have not used for your last ${policy.historyCount} passwords`);

  let score = entropyScore(password);
  score -= 8 * unmet.filter((u) => u.rule.startsWith('needs_') || u.rule === 'too_short').length;
  if (personal) score -= 25;
  if (sequence) score -= 15;
  if (repeat) score -= 15;
  if (context.isCommon) score = Math.min(score, 20);
  score = Math.max(0, Math.min(100, Math.round(score)));
  return { score, band: bandFor(score), unmet, ok: unmet.length === 0 };
}
