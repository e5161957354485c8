import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import {
  catalogValueFromEnv,
  catalogValueFromJson,
  DATABASE_ENV,
  DATABASE_SECRET_NAME,
  SECRET_CATALOG,
  secretId,
  type CatalogSecretName,
  type EnvironmentName,
  type SecretValue,
} from './catalog';
import {
  databaseCredentialsFromJson,
  formatDatabaseUrl,
  parseDatabaseUrl,
  type DatabaseCredentials,
  type SslMode,
} from './database-url';

export const SECRETS_CACHE_TTL_MS = 5 * 60_000;
const HEALTH_TIMEOUT_MS = 2_000;

/** Structured log sink (pino-compatible). Only secret names and error names are ever passed to it. */
export interface SecretsLogger {
  warn(fields: Record<string, unknown>, message: string): void;
}

export interface SecretsProviderOptions {
  /** `aws`: Secrets Manager first, the environment as fallback; `env`: the environment only. */
  mode: 'aws' | 'env';
  /** The environment record the boot config read (never `process.env` directly). */
  env: Record<string, string | undefined>;
  environmentName: EnvironmentName;
  /** Injected for tests; created from `region` when absent in `aws` mode. */
  client?: SecretsManagerClient | undefined;
  region?: string | undefined;
  /** Use the environment when a secret is absent from, or unreachable in, Secrets Manager. Default true. */
  fallbackToEnv?: boolean | undefined;
  now?: (() => number) | undefined;
  ttlMs?: number | undefined;
  logger?: SecretsLogger | undefined;
}

export interface SigningSecrets {
  current: string;
  previous: string[];
}

/** What the server needs before it can start, also as environment variables for `loadConfig`. */
export interface BootSecrets {
  databaseUrl: string;
  signing: SigningSecrets;
  redisUrl: string | undefined;
  environment: Record<string, string>;
}

export interface SecretsHealth {
  /** `degraded`: Secrets Manager is unreachable but everything the server needs is cached. */
  status: 'ok' | 'degraded' | 'fail' | 'skipped';
  source: 'aws' | 'env';
}

export interface SecretsProvider {
  readonly mode: 'aws' | 'env';
  getDatabaseCredentials(): Promise<DatabaseCredentials>;
  getDatabaseUrl(): Promise<string>;
  getSigningSecrets(): Promise<SigningSecrets>;
  /** `REDIS_URL` with the AUTH token added when one is stored; undefined when no Redis is configured. */
  getRedisUrl(): Promise<string | undefined>;
  getOpenAi(): Promise<SecretValue<'openai'> | undefined>;
  getAnthropic(): Promise<SecretValue<'anthropic'> | undefined>;
  getStripe(): Promise<SecretValue<'stripe'> | undefined>;
  getTwilio(): Promise<SecretValue<'twilio'> | undefined>;
  getSendGrid(): Promise<SecretValue<'sendgrid'> | undefined>;
  getAdvancedMd(): Promise<SecretValue<'advancedmd'> | undefined>;
  initializeSecrets(): Promise<BootSecrets>;
  checkSecretsManagerHealth(): Promise<SecretsHealth>;
  clearSecretsCache(): void;
}

/** Raised when a secret the server cannot run without is missing; names the secret, never a value. */
export class MissingSecretError extends Error {
  constructor(readonly secret: string) {
    super(`secret ${secret} is not configured`);
    this.name = 'MissingSecretError';
  }
}

/** A Secrets Manager value: a JSON object, a plain string, or nothing (the secret does not exist). */
type Fetched = { json: Record<string, unknown> } | { text: string } | undefined;
interface CacheEntry {
  value: Fetched;
  fetchedAt: number;
}

const errorName = (error: unknown) => (error instanceof Error ? error.name : 'UnknownError');

/**
 * Secrets for the API: typed getters over AWS Secrets Manager (JSON secrets, cached for five
 * minutes so that a rotation reaches every task within that time) with the environment as
 * fallback, or over the environment alone in development.
 */
export function createSecretsProvider(options: SecretsProviderOptions): SecretsProvider {
  const { mode, env, environmentName } = options;
  const now = options.now ?? Date.now;
  const ttl = options.ttlMs ?? SECRETS_CACHE_TTL_MS;
  const fallbackToEnv = options.fallbackToEnv ?? true;
  const logger = options.logger;
  const client =
    mode === 'aws'
      ? (options.client ?? new SecretsManagerClient(options.region ? { region: options.region } : {}))
      : undefined;
  const cache = new Map<string, CacheEntry>();
  const inFlight = new Map<string, Promise<Fetched>>();

  /** One Secrets Manager read: the parsed JSON object, or undefined when the secret does not exist. */
  async function fetchFromAws(name: string): Promise<Fetched> {
    if (!client) return undefined;
    try {
      const out = await client.send(new GetSecretValueCommand({ SecretId: secretId(environmentName, name) }));
      const text = out.SecretString;
      if (text === undefined) return undefined;
      try {
        const parsed: unknown = JSON.parse(text);
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
          return { json: parsed as Record<string, unknown> };
      } catch {
        // Not JSON: a plain value, read as the secret's only required field.
      }
      return { text };
    } catch (error) {
      if (error instanceof ResourceNotFoundException) return undefined;
      throw error;
    }
  }

  /** Cached read with one request in flight per secret; a stale value outlives a failed refresh. */
  async function read(name: string): Promise<Fetched> {
    if (!client) return undefined;
    const hit = cache.get(name);
    if (hit && now() - hit.fetchedAt < ttl) return hit.value;
    let pending = inFlight.get(name);
    if (!pending) {
      pending = fetchFromAws(name).finally(() => inFlight.delete(name));
      inFlight.set(name, pending);
    }
    try {
      const value = await pending;
      cache.set(name, { value, fetchedAt: now() });
      return value;
    } catch (error) {
      if (hit) {
        logger?.warn(
          { secret: name, error: errorName(error) },
          'secrets manager refresh failed; using cached value',
        );
        return hit.value;
      }
      if (fallbackToEnv) {
        logger?.warn(
          { secret: name, error: errorName(error) },
          'secrets manager unreachable; using the environment',
        );
        return undefined;
      }
      throw error;
    }
  }

  async function catalogSecret<N extends CatalogSecretName>(name: N): Promise<SecretValue<N> | undefined> {
    const value = await read(name);
    if (value) {
      const parsed = 'json' in value ? catalogValueFromJson(name, value.json) : plainValue(name, value.text);
      if (parsed) return parsed;
      logger?.warn({ secret: name }, 'secret is missing required fields; ignoring it');
    }
    return fallbackToEnv || mode === 'env' ? catalogValueFromEnv(name, env) : undefined;
  }

  /** A secret stored as a plain string fills a secret with one required field (an API key pasted as-is). */
  function plainValue<N extends CatalogSecretName>(name: N, text: string): SecretValue<N> | undefined {
    const fields = Object.entries(SECRET_CATALOG[name].fields) as [string, { optional: boolean }][];
    const requiredKeys = fields.filter(([, field]) => !field.optional).map(([key]) => key);
    const only = requiredKeys.length === 1 ? requiredKeys[0] : undefined;
    return only ? catalogValueFromJson(name, { [only]: text }) : undefined;
  }

  function databaseFromEnv(): { credentials: DatabaseCredentials; sslMode?: SslMode } | undefined {
    const url = env[DATABASE_ENV.url];
    if (url) {
      const { sslMode, ...credentials } = parseDatabaseUrl(url);
      return { credentials, ...(sslMode ? { sslMode: sslMode as SslMode } : {}) };
    }
    const host = env[DATABASE_ENV.host];
    const username = env[DATABASE_ENV.username];
    const password = env[DATABASE_ENV.password];
    if (!host || !username || !password) return undefined;
    return {
      credentials: {
        host,
        username,
        password,
        port: Number(env[DATABASE_ENV.port] ?? 5432),
        database: env[DATABASE_ENV.name] ?? 'postgres',
      },
      sslMode: (env[DATABASE_ENV.sslMode] as SslMode | undefined) ?? 'verify-full',
    };
  }

  async function database(): Promise<{ credentials: DatabaseCredentials; sslMode?: SslMode }> {
    const value = await read(DATABASE_SECRET_NAME);
    const fromAws = value && 'json' in value ? databaseCredentialsFromJson(value.json) : undefined;
    if (fromAws) {
      // RDS forces TLS; the image trusts the RDS CA bundle (NODE_EXTRA_CA_CERTS), so verify it.
      return {
        credentials: fromAws,
        sslMode: (env[DATABASE_ENV.sslMode] as SslMode | undefined) ?? 'verify-full',
      };
    }
    const fromEnv = fallbackToEnv || mode === 'env' ? databaseFromEnv() : undefined;
    if (!fromEnv) throw new MissingSecretError(DATABASE_SECRET_NAME);
    return fromEnv;
  }

  const provider: SecretsProvider = {
    mode,

    async getDatabaseCredentials() {
      return (await database()).credentials;
    },

    async getDatabaseUrl() {
      const { credentials, sslMode } = await database();
      return formatDatabaseUrl(credentials, sslMode);
    },

    async getSigningSecrets() {
      const session = await catalogSecret('session');
      if (!session) throw new MissingSecretError('session');
      const previous = (session.previous ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      return { current: session.current, previous };
    },

    async getRedisUrl() {
      const base = env.REDIS_URL;
      if (!base) return undefined;
      const url = new URL(base);
      if (url.password) return base;
      const token = await catalogSecret('redis');
      if (!token) return base;
      // ElastiCache AUTH with the default user: the token is the password.
      url.password = encodeURIComponent(token.authToken);
      return url.toString();
    },

    getOpenAi: () => catalogSecret('openai'),
    getAnthropic: () => catalogSecret('anthropic'),
    getStripe: () => catalogSecret('stripe'),
    getTwilio: () => catalogSecret('twilio'),
    getSendGrid: () => catalogSecret('sendgrid'),
    getAdvancedMd: () => catalogSecret('advancedmd'),

    async initializeSecrets() {
      const [databaseUrl, signing, redisUrl] = await Promise.all([
        provider.getDatabaseUrl(),
        provider.getSigningSecrets(),
        provider.getRedisUrl(),
      ]);
      const environment: Record<string, string> = {
        DATABASE_URL: databaseUrl,
        SESSION_SECRET: signing.current,
        SESSION_SECRET_PREVIOUS: signing.previous.join(','),
      };
      if (redisUrl) environment.REDIS_URL = redisUrl;
      return { databaseUrl, signing, redisUrl, environment };
    },

    async checkSecretsManagerHealth() {
      if (!client) return { status: 'skipped', source: 'env' };
      try {
        await client.send(new DescribeSecretCommand({ SecretId: secretId(environmentName, 'session') }), {
          abortSignal: AbortSignal.timeout(HEALTH_TIMEOUT_MS),
        });
        return { status: 'ok', source: 'aws' };
      } catch (error) {
        const cached = cache.has('session') && cache.has(DATABASE_SECRET_NAME);
        logger?.warn({ error: errorName(error) }, 'secrets manager health check failed');
        return { status: cached ? 'degraded' : 'fail', source: 'aws' };
      }
    },

    clearSecretsCache() {
      cache.clear();
    },
  };
  return provider;
}
