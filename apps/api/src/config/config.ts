import { resolve } from 'node:path';
import { z } from 'zod';
import { AppError } from '../app-error';
import type { IceConfig } from '../modules/telehealth/ice-servers';

/** Words that mark a placeholder or a hand-made secret; a random one contains none of them. */
const WEAK_WORDS = ['secret', 'changeme', 'password', 'development', 'mentalspace', 'example', 'default'];

/** True when the text is one short chunk over and over ("abcd1234abcd1234…"). */
function isPeriodic(s: string): boolean {
  for (let period = 1; period <= 16; period++) {
    let repeats = true;
    for (let i = period; i < s.length && repeats; i++) repeats = s[i] === s[i - period];
    if (repeats) return true;
  }
  return false;
}

/** A run of 8 or more characters each one up or down from the last ("abcdefgh", "98765432"). */
function hasSequentialRun(s: string, length = 8): boolean {
  let up = 1;
  let down = 1;
  for (let i = 1; i < s.length; i++) {
    const step = s.charCodeAt(i) - s.charCodeAt(i - 1);
    up = step === 1 ? up + 1 : 1;
    down = step === -1 ? down + 1 : 1;
    if (up >= length || down >= length) return true;
  }
  return false;
}

/**
 * A signing secret an attacker cannot guess: at least 64 characters of real variety, not a
 * placeholder, not a pattern. `openssl rand -base64 48` (or the generated embedded secret) passes.
 */
export const StrongSecretSchema = z
  .string()
  .min(64, 'must be at least 64 characters')
  .refine(
    (s) => new Set(s).size >= 16 && !isPeriodic(s),
    'is too predictable (too few distinct characters or a repeated pattern)',
  )
  .refine((s) => !hasSequentialRun(s), 'is too predictable (a sequential run such as abcdefgh)')
  .refine((s) => {
    const lower = s.toLowerCase();
    return !WEAK_WORDS.some((w) => lower.includes(w));
  }, 'looks like a placeholder (contains a word such as secret or changeme)');

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  MENTALSPACE_DATA_DIR: z.string().default('./data'),
  SESSION_SECRET: z.string().optional(),
  /** Comma-separated secrets that still verify tokens during a rotation. */
  SESSION_SECRET_PREVIOUS: z.string().optional(),
  TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  IDLE_TIMEOUT_CAP_SECONDS: z.coerce.number().int().min(30).max(14_400).optional(),
  MIGRATE_ON_START: z.enum(['true', 'false']).optional(),
  SEED_DEMO: z.enum(['true', 'false']).optional(),
  /** AWS KMS key (id, ARN or alias) that wraps the PHI data keys (production on AWS). */
  PHI_KMS_KEY_ID: z.string().min(1).optional(),
  /** Or a master key given directly: base64 of 32 random bytes (servers without KMS). */
  PHI_MASTER_KEY: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be base64 of 32 bytes')
    .optional(),
  AWS_REGION: z.string().min(1).optional(),
  /** S3 bucket with Object Lock where audit chain heads are anchored (required in production). */
  AUDIT_ANCHOR_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name')
    .optional(),
  AUDIT_ANCHOR_PREFIX: z
    .string()
    .regex(/^([\w.-]+\/)*$/, 'must be a key prefix ending with a slash')
    .default('audit-anchors/'),
  /** How long each anchor stays locked; six years is HIPAA's retention for security records. */
  AUDIT_ANCHOR_RETENTION_DAYS: z.coerce
    .number()
    .int()
    .min(1)
    .max(100 * 365)
    .default(6 * 365),
  /** Where users reach the app; links in emails and SMS start with it. */
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Outgoing mail server, e.g. smtps://user:password@mail.example.org:465. Unset: the local outbox. */
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  MAIL_FROM: z.string().min(3).default('MentalSpace EHR <no-reply@localhost>'),
  /** SMS through Twilio; unset: SMS stay in the local outbox. */
  TWILIO_ACCOUNT_SID: z
    .string()
    .regex(/^AC[0-9a-f]{32}$/, 'must be a Twilio account SID')
    .optional(),
  TWILIO_AUTH_TOKEN: z.string().min(16).optional(),
  TWILIO_FROM: z
    .string()
    .regex(/^\+\d{8,15}$/, 'must be an E.164 number')
    .optional(),
  /** Telehealth STUN servers, comma-separated (stun:host:3478). Unset: host candidates only. */
  TELEHEALTH_STUN_URLS: z.string().optional(),
  /** Telehealth TURN relays, comma-separated (turn:host:3478?transport=udp, turns:host:5349). */
  TELEHEALTH_TURN_URLS: z.string().optional(),
  /** coturn's static-auth-secret: each participant gets a short-lived TURN credential from it. */
  TELEHEALTH_TURN_SECRET: z.string().min(32).optional(),
});

export type Mode = 'embedded' | 'production';

export interface Config {
  mode: Mode;
  host: string;
  port: number;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  dataDir: string;
  database: { kind: 'pglite'; dataDir: string } | { kind: 'postgres'; url: string; poolSize: number };
  redisUrl: string | undefined;
  /** Secrets come from the environment in production and from the data dir's secret file otherwise. */
  sessionSecret: string | undefined;
  previousSessionSecrets: string[];
  trustProxy: boolean;
  /** A deployment-wide ceiling on practices' idle timeouts. */
  idleTimeoutCapSeconds: number | undefined;
  migrateOnStart: boolean;
  seedDemo: boolean;
  /** What wraps the PHI data keys: KMS, a configured key, or a key file in the data dir (embedded). */
  phiMasterKey:
    | { kind: 'kms'; keyId: string; region: string | undefined }
    | { kind: 'configured'; key: Buffer }
    | { kind: 'data-dir' };
  /** Where audit chain heads are anchored outside the database: S3 Object Lock, or the data dir. */
  auditAnchors:
    | { kind: 's3'; bucket: string; prefix: string; retentionDays: number; region: string | undefined }
    | { kind: 'data-dir'; directory: string };
  publicUrl: string;
  mail: { smtpUrl: string | undefined; from: string };
  sms: { kind: 'twilio'; accountSid: string; authToken: string; from: string } | { kind: 'local' };
  /** ICE servers for telehealth: STUN, and TURN relays with coturn's shared secret. */
  telehealth: IceConfig;
}

/**
 * Validates the environment once, at boot. Production refuses a missing database, Redis or a
 * missing or weak secret; the embedded default needs nothing.
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new AppError(
      'validation_failed',
      `invalid configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`,
    );
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  const problems: string[] = [];
  if (production) {
    if (!e.DATABASE_URL) problems.push('DATABASE_URL is required in production');
    if (!e.REDIS_URL) problems.push('REDIS_URL is required in production');
    const secret = StrongSecretSchema.safeParse(e.SESSION_SECRET ?? '');
    if (!secret.success) problems.push(`SESSION_SECRET ${secret.error.issues[0]?.message ?? 'is invalid'}`);
    if (e.SEED_DEMO === 'true') problems.push('SEED_DEMO cannot be enabled in production');
    // The container's disk does not persist: a key file there would be lost, and the PHI with it.
    if (!e.PHI_KMS_KEY_ID && !e.PHI_MASTER_KEY)
      problems.push('PHI_KMS_KEY_ID (or PHI_MASTER_KEY) is required in production');
    // Anchors on the container's disk would vanish with it, and with them the chain's protection.
    if (!e.AUDIT_ANCHOR_BUCKET)
      problems.push('AUDIT_ANCHOR_BUCKET is required in production (audit chain anchors)');
    if (!e.PUBLIC_URL) problems.push('PUBLIC_URL is required in production (links in reminders use it)');
  } else if (e.SESSION_SECRET !== undefined && !StrongSecretSchema.safeParse(e.SESSION_SECRET).success) {
    problems.push('SESSION_SECRET is set but weak; unset it to use the generated one');
  }
  const twilio = [e.TWILIO_ACCOUNT_SID, e.TWILIO_AUTH_TOKEN, e.TWILIO_FROM];
  if (twilio.some(Boolean) && !twilio.every(Boolean))
    problems.push('TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM are set together or not at all');
  if (Boolean(e.TELEHEALTH_TURN_URLS) !== Boolean(e.TELEHEALTH_TURN_SECRET))
    problems.push('TELEHEALTH_TURN_URLS and TELEHEALTH_TURN_SECRET are set together or not at all');
  const iceUrls = (list: string | undefined, scheme: RegExp, name: string) => {
    const urls = (list ?? '')
      .split(',')
      .map((u) => u.trim())
      .filter(Boolean);
    for (const url of urls)
      if (!scheme.test(url))
        problems.push(`${name}: ${url} is not a ${name.includes('TURN') ? 'turn:/turns:' : 'stun:'} URL`);
    return urls;
  };
  const stunUrls = iceUrls(e.TELEHEALTH_STUN_URLS, /^stuns?:[^\s]+$/, 'TELEHEALTH_STUN_URLS');
  const turnUrls = iceUrls(e.TELEHEALTH_TURN_URLS, /^turns?:[^\s]+$/, 'TELEHEALTH_TURN_URLS');
  if (problems.length > 0)
    throw new AppError('validation_failed', `invalid configuration: ${problems.join('; ')}`);

  const dataDir = resolve(e.MENTALSPACE_DATA_DIR);
  return {
    mode: production ? 'production' : 'embedded',
    host: e.HOST ?? (production ? '0.0.0.0' : '127.0.0.1'),
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    dataDir,
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE }
      : { kind: 'pglite', dataDir: resolve(dataDir, 'pglite') },
    redisUrl: e.REDIS_URL,
    sessionSecret: e.SESSION_SECRET,
    previousSessionSecrets: (e.SESSION_SECRET_PREVIOUS ?? '')
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
    trustProxy: e.TRUST_PROXY === 'true',
    idleTimeoutCapSeconds: e.IDLE_TIMEOUT_CAP_SECONDS,
    migrateOnStart: e.MIGRATE_ON_START ? e.MIGRATE_ON_START === 'true' : !production,
    seedDemo: production ? false : e.SEED_DEMO !== 'false',
    phiMasterKey: e.PHI_KMS_KEY_ID
      ? { kind: 'kms', keyId: e.PHI_KMS_KEY_ID, region: e.AWS_REGION }
      : e.PHI_MASTER_KEY
        ? { kind: 'configured', key: Buffer.from(e.PHI_MASTER_KEY, 'base64') }
        : { kind: 'data-dir' },
    auditAnchors: e.AUDIT_ANCHOR_BUCKET
      ? {
          kind: 's3',
          bucket: e.AUDIT_ANCHOR_BUCKET,
          prefix: e.AUDIT_ANCHOR_PREFIX,
          retentionDays: e.AUDIT_ANCHOR_RETENTION_DAYS,
          region: e.AWS_REGION,
        }
      : { kind: 'data-dir', directory: resolve(dataDir, 'audit-anchors') },
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    mail: { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM },
    sms:
      e.TWILIO_ACCOUNT_SID && e.TWILIO_AUTH_TOKEN && e.TWILIO_FROM
        ? {
            kind: 'twilio',
            accountSid: e.TWILIO_ACCOUNT_SID,
            authToken: e.TWILIO_AUTH_TOKEN,
            from: e.TWILIO_FROM,
          }
        : { kind: 'local' },
    telehealth: {
      stunUrls,
      turn:
        turnUrls.length > 0 && e.TELEHEALTH_TURN_SECRET
          ? { urls: turnUrls, secret: e.TELEHEALTH_TURN_SECRET }
          : null,
    },
  };
}
