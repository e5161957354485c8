import { z } from 'zod';

/**
 * Password rules, shared by the API (which enforces them) and the web app (which shows them live).
 * Pure: the common-password list stays on the server, which passes `isCommon` in.
 */
export const PasswordPolicySchema = z
  .object({
    preset: z.enum(['practice', 'nist']).default('practice'),
    minLength: z.number().int().min(8).max(128).default(12),
    // NIST SP 800-63B: verifiers should permit at least 64 characters.
    maxLength: z.number().int().min(64).max(256).default(128),
    requireUpper: z.boolean().default(true),
    requireLower: z.boolean().default(true),
    requireDigit: z.boolean().default(true),
    requireSpecial: z.boolean().default(true),
    forbidPersonalInfo: z.boolean().default(true),
    forbidSequences: z.boolean().default(true),
    forbidRepeats: z.boolean().default(true),
    historyCount: z.number().int().min(0).max(24).default(5),
  })
  .refine((p) => p.maxLength >= p.minLength, {
    path: ['maxLength'],
    message: 'must be at least the minimum length',
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
 * NIST SP 800-63B(-4): length and a blocklist (breached, common and context-specific words, and
 * passwords made only of sequences or repeats), no composition rules and no rules against a run
 * inside an otherwise good password. 8 characters is NIST's floor where a second factor is also
 * required, as it is for staff here by default; see `nistPasswordPolicy` for single-factor use.
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
  forbidSequences: false,
  forbidRepeats: false,
  historyCount: 5,
};

/** NIST SP 800-63B-4 asks for 15 characters where the password is the only factor. */
export const NIST_SINGLE_FACTOR_MIN_LENGTH = 15;

/** The NIST preset for an account that does (staff) or may not (portal client) use a second factor. */
export function nistPasswordPolicy(options: { multiFactor: boolean }): PasswordPolicy {
  return options.multiFactor
    ? NIST_PASSWORD_POLICY
    : { ...NIST_PASSWORD_POLICY, minLength: NIST_SINGLE_FACTOR_MIN_LENGTH };
}

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

const ALNUM = /[a-z0-9]/;

/**
 * Whether the whole password is made of runs of three or more ("12345678", "aaaaaaaa",
 * "1234abcd", "abcabcabc"), and of which kind. Such a password is refused under every policy:
 * it is among the first an attacker tries.
 */
export function onlyRuns(password: string): 'sequence' | 'repeat' | null {
  const s = [...password.toLowerCase()];
  if (s.length === 0) return null;
  let sequence = false;
  let start = 0;
  while (start < s.length) {
    let end = start + 1;
    let step: number | null = null;
    while (end < s.length) {
      const prev = s[end - 1]!;
      const next = s[end]!;
      const d = next.codePointAt(0)! - prev.codePointAt(0)!;
      const links = d === 0 || (Math.abs(d) === 1 && ALNUM.test(prev) && ALNUM.test(next));
      if (!links || (step !== null && d !== step)) break;
      step = d;
      end += 1;
    }
    if (end - start < 3) return null;
    if (step !== 0) sequence = true;
    start = end;
  }
  return sequence ? 'sequence' : 'repeat';
}

/** The usual leetspeak substitutions, undone ("p@ssw0rd" → "password"). */
const LEET: Readonly<Record<string, string>> = {
  '@': 'a',
  '4': 'a',
  '8': 'b',
  '3': 'e',
  '6': 'g',
  '1': 'i',
  '!': 'i',
  '0': 'o',
  $: 's',
  '5': 's',
  '7': 't',
  '+': 't',
};

export function unleet(text: string): string {
  return [...text.toLowerCase()].map((c) => LEET[c] ?? c).join('');
}

function personalWords(context: PasswordContext): string[] {
  const local = context.email?.split('@')[0] ?? '';
  return [local, ...local.split(/[._+-]/), context.firstName ?? '', context.lastName ?? '']
    .map((w) => w.trim().toLowerCase())
    .filter((w) => w.length >= 3);
}

function containsPersonalInfo(password: string, context: PasswordContext): boolean {
  const plain = password.toLowerCase();
  const decoded = unleet(password);
  return personalWords(context).some((w) => plain.includes(w) || decoded.includes(unleet(w)));
}

/**
 * Bits of a brute-force search over the character classes used, which is also the 0–100 score
 * before penalties: 40 bits is where Fair starts, 90 bits (beyond any offline attack on a bcrypt
 * hash) is Excellent.
 */
function entropyBits(password: string): number {
  let pool = 0;
  if (/[a-z]/.test(password)) pool += 26;
  if (/[A-Z]/.test(password)) pool += 26;
  if (/\d/.test(password)) pool += 10;
  if (/[^A-Za-z0-9]/.test(password)) pool += 33;
  const chars = [...password];
  // Few distinct characters make a long password weaker than its length suggests ("Ab1!Ab1!Ab1!").
  const effectiveLength = Math.min(chars.length, new Set(chars).size * 2);
  return pool === 0 ? 0 : effectiveLength * Math.log2(pool);
}

/** A password the policy refuses is never shown as Good or better. */
const REFUSED_CEILING = 59;
/** A common password is Weak whatever its length or variety: it is tried first. */
const COMMON_CEILING = 20;

/**
 * Checks a password against the policy and scores it 0–100. Pure, so the web app runs it on each
 * keystroke; the server runs it again with `isCommon` and `isReused` filled in.
 */
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
  const personal = policy.forbidPersonalInfo && containsPersonalInfo(password, context);
  if (personal) fail('contains_personal_info', 'Leave out your name and e-mail');
  const trivial = onlyRuns(password);
  const sequence = hasSequence(password);
  const repeat = hasRepeat(password);
  if ((policy.forbidSequences && sequence) || trivial === 'sequence')
    fail('has_sequence', `Avoid runs like “abcd” or “1234”`);
  if ((policy.forbidRepeats && repeat) || trivial === 'repeat')
    fail('has_repeat', 'Avoid repeating a character three times in a row');
  if (context.isCommon) fail('common_password', 'This password is too common; choose another');
  if (context.isReused)
    fail('reused_password', `Choose one you have not used for your last ${policy.historyCount} passwords`);

  // Runs weaken a password whether or not the policy forbids them, so they cost score either way.
  let score = entropyBits(password);
  score -= 8 * unmet.filter((u) => u.rule.startsWith('needs_') || u.rule === 'too_short').length;
  if (personal) score -= 25;
  if (sequence) score -= 15;
  if (repeat) score -= 15;
  if (unmet.some((u) => u.rule !== 'too_long')) score = Math.min(score, REFUSED_CEILING);
  if (context.isCommon) score = Math.min(score, COMMON_CEILING);
  score = Math.max(0, Math.min(100, Math.round(score)));
  return { score, band: bandFor(score), unmet, ok: unmet.length === 0 };
}
