import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { secretsProviderOptionsFromEnvironment } from './options-from-environment';
import {
  createSecretsProvider,
  MissingSecretError,
  SECRETS_CACHE_TTL_MS,
  type SecretsLogger,
} from './secrets-provider';

const sm = mockClient(SecretsManagerClient);
const SIGNING = 'S'.repeat(40) + 'abcdefghijklmnopqrstuvwxyz0123456789';
const DB_PASSWORD = 'pw-from-aws-Zq8#x';

const rdsSecret = (password = DB_PASSWORD) =>
  JSON.stringify({
    engine: 'postgres',
    host: 'db.internal.example',
    port: 5432,
    username: 'mentalspace_admin',
    password,
    dbname: 'mentalspace',
  });

function notFound() {
  return new ResourceNotFoundException({
    message: 'Secrets Manager cannot find the specified secret.',
    $metadata: {},
  });
}

function capturingLogger(): SecretsLogger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, warn: (fields, message) => lines.push(JSON.stringify({ ...fields, message })) };
}

function awsProvider(
  overrides: { env?: Record<string, string>; now?: () => number; fallbackToEnv?: boolean } = {},
) {
  const logger = capturingLogger();
  const provider = createSecretsProvider({
    mode: 'aws',
    env: overrides.env ?? {},
    environmentName: 'staging',
    client: new SecretsManagerClient({ region: 'us-east-1' }),
    now: overrides.now,
    fallbackToEnv: overrides.fallbackToEnv,
    logger,
  });
  return { provider, logger };
}

beforeEach(() => {
  sm.reset();
  sm.on(GetSecretValueCommand).rejects(notFound());
  sm.on(GetSecretValueCommand, { SecretId: 'mentalspace/staging/session' }).resolves({
    SecretString: JSON.stringify({ current: SIGNING, previous: 'old-one, older-one' }),
  });
  sm.on(GetSecretValueCommand, { SecretId: 'mentalspace/staging/database' }).resolves({
    SecretString: rdsSecret(),
  });
});
afterEach(() => sm.reset());

describe('secrets provider (AWS SDK mocked)', () => {
  it('reads JSON secrets under mentalspace/<env>/ and types them', async () => {
    sm.on(GetSecretValueCommand, { SecretId: 'mentalspace/staging/stripe' }).resolves({
      SecretString: JSON.stringify({ secretKey: 'sk_test_abc', webhookSecret: 'whsec_abc' }),
    });
    sm.on(GetSecretValueCommand, { SecretId: 'mentalspace/staging/twilio' }).resolves({
      SecretString: JSON.stringify({ accountSid: 'AC123', authToken: 'tok' }),
    });
    const { provider } = awsProvider();
    expect(await provider.getStripe()).toEqual({ secretKey: 'sk_test_abc', webhookSecret: 'whsec_abc' });
    expect(await provider.getTwilio()).toEqual({ accountSid: 'AC123', authToken: 'tok' });
    expect(await provider.getSigningSecrets()).toEqual({
      current: SIGNING,
      previous: ['old-one', 'older-one'],
    });
  });

  it('builds the database URL from the RDS-shaped secret, TLS verified', async () => {
    const { provider } = awsProvider();
    expect(await provider.getDatabaseCredentials()).toEqual({
      host: 'db.internal.example',
      port: 5432,
      username: 'mentalspace_admin',
      password: DB_PASSWORD,
      database: 'mentalspace',
    });
    const url = new URL(await provider.getDatabaseUrl());
    expect(decodeURIComponent(url.password)).toBe(DB_PASSWORD);
    expect(url.searchParams.get('sslmode')).toBe('verify-full');
    expect(url.pathname).toBe('/mentalspace');
  });

  it('reads a plain-text secret as the only required field', async () => {
    sm.on(GetSecretValueCommand, { SecretId: 'mentalspace/staging/sendgrid' }).resolves({
      SecretString: 'SG.plain',
    });
    sm.on(GetSecretValueCommand, { SecretId: 'mentalspace/staging/openai' }).resolves({
      SecretString: 'sk-plain',
    });
    const { provider } = awsProvider();
    expect(await provider.getSendGrid()).toEqual({ apiKey: 'SG.plain' });
    expect(await provider.getOpenAi()).toEqual({ apiKey: 'sk-plain' });
  });

  it('caches each secret for five minutes, then reads it again (a rotation reaches the task)', async () => {
    let clock = 1_000_000;
    const { provider } = awsProvider({ now: () => clock });
    await provider.getDatabaseUrl();
    await provider.getDatabaseCredentials();
    clock += SECRETS_CACHE_TTL_MS - 1;
    await provider.getDatabaseCredentials();
    expect(sm.commandCalls(GetSecretValueCommand, { SecretId: 'mentalspace/staging/database' })).toHaveLength(
      1,
    );

    sm.on(GetSecretValueCommand, { SecretId: 'mentalspace/staging/database' }).resolves({
      SecretString: rdsSecret('rotated-password'),
    });
    clock += 2;
    expect((await provider.getDatabaseCredentials()).password).toBe('rotated-password');
    expect(sm.commandCalls(GetSecretValueCommand, { SecretId: 'mentalspace/staging/database' })).toHaveLength(
      2,
    );
  });

  it('sends one request for concurrent reads of the same secret', async () => {
    const { provider } = awsProvider();
    await Promise.all([
      provider.getSigningSecrets(),
      provider.getSigningSecrets(),
      provider.getSigningSecrets(),
    ]);
    expect(sm.commandCalls(GetSecretValueCommand, { SecretId: 'mentalspace/staging/session' })).toHaveLength(
      1,
    );
  });

  it('clearSecretsCache forces the next read to Secrets Manager', async () => {
    const { provider } = awsProvider();
    await provider.getSigningSecrets();
    provider.clearSecretsCache();
    await provider.getSigningSecrets();
    expect(sm.commandCalls(GetSecretValueCommand, { SecretId: 'mentalspace/staging/session' })).toHaveLength(
      2,
    );
  });

  it('keeps serving the cached value when a refresh fails, and logs the secret name only', async () => {
    let clock = 0;
    const { provider, logger } = awsProvider({ now: () => clock });
    await provider.getDatabaseUrl();
    sm.on(GetSecretValueCommand, { SecretId: 'mentalspace/staging/database' }).rejects(
      new Error('socket hang up'),
    );
    clock += SECRETS_CACHE_TTL_MS + 1;
    expect((await provider.getDatabaseCredentials()).password).toBe(DB_PASSWORD);
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0]).toContain('"secret":"database"');
    expect(logger.lines.join('\n')).not.toContain(DB_PASSWORD);
  });

  it('falls back to the environment for a secret that is not in Secrets Manager', async () => {
    const { provider } = awsProvider({ env: { ANTHROPIC_API_KEY: 'sk-ant-env' } });
    expect(await provider.getAnthropic()).toEqual({ apiKey: 'sk-ant-env' });
    expect(await provider.getAdvancedMd()).toBeUndefined();
  });

  it('falls back to the ECS-injected environment when Secrets Manager is unreachable at boot', async () => {
    sm.on(GetSecretValueCommand).rejects(new Error('connect ETIMEDOUT'));
    const { provider, logger } = awsProvider({
      env: {
        DATABASE_HOST: 'db.internal.example',
        DATABASE_PORT: '5432',
        DATABASE_NAME: 'mentalspace',
        DATABASE_USERNAME: 'mentalspace_admin',
        DATABASE_PASSWORD: 'pw-from-ecs',
        SESSION_SECRET: SIGNING,
      },
    });
    const boot = await provider.initializeSecrets();
    expect(new URL(boot.databaseUrl).password).toBe('pw-from-ecs');
    expect(boot.signing.current).toBe(SIGNING);
    expect(logger.lines.join('\n')).not.toMatch(/pw-from-ecs|SSSS/);
  });

  it('refuses to fall back when told not to, and names the missing secret without a value', async () => {
    sm.on(GetSecretValueCommand, { SecretId: 'mentalspace/staging/database' }).rejects(notFound());
    const { provider } = awsProvider({
      env: { DATABASE_URL: 'postgres://u:envpw@h/db' },
      fallbackToEnv: false,
    });
    const error = await provider.getDatabaseUrl().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MissingSecretError);
    expect(String(error)).toBe('MissingSecretError: secret database is not configured');
  });

  it('initializeSecrets preloads what the server needs and hands it over as environment variables', async () => {
    sm.on(GetSecretValueCommand, { SecretId: 'mentalspace/staging/redis' }).resolves({
      SecretString: JSON.stringify({ authToken: 'redis/token+1' }),
    });
    const { provider } = awsProvider({ env: { REDIS_URL: 'rediss://cache.internal.example:6379' } });
    const boot = await provider.initializeSecrets();
    expect(Object.keys(boot.environment).sort()).toEqual([
      'DATABASE_URL',
      'REDIS_URL',
      'SESSION_SECRET',
      'SESSION_SECRET_PREVIOUS',
    ]);
    const redis = new URL(boot.environment.REDIS_URL!);
    expect(redis.protocol).toBe('rediss:');
    expect(decodeURIComponent(redis.password)).toBe('redis/token+1');
    expect(boot.environment.SESSION_SECRET_PREVIOUS).toBe('old-one,older-one');
    // Everything the server needs at boot came in with one request per secret.
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(3);
  });

  it('reports Secrets Manager health: ok, degraded with a warm cache, fail when cold', async () => {
    sm.on(DescribeSecretCommand).resolves({ Name: 'mentalspace/staging/session' });
    const { provider } = awsProvider();
    expect(await provider.checkSecretsManagerHealth()).toEqual({ status: 'ok', source: 'aws' });
    expect(sm.commandCalls(DescribeSecretCommand)[0]!.args[0].input).toEqual({
      SecretId: 'mentalspace/staging/session',
    });

    sm.on(DescribeSecretCommand).rejects(new Error('connect ETIMEDOUT'));
    expect(await provider.checkSecretsManagerHealth()).toEqual({ status: 'fail', source: 'aws' });
    await provider.initializeSecrets();
    expect(await provider.checkSecretsManagerHealth()).toEqual({ status: 'degraded', source: 'aws' });
  });
});

describe('secrets provider in env mode', () => {
  it('reads the environment record only, never Secrets Manager', async () => {
    const provider = createSecretsProvider({
      mode: 'env',
      environmentName: 'dev',
      env: {
        DATABASE_URL: 'postgres://app:local%40pw@127.0.0.1:5432/mentalspace',
        SESSION_SECRET: SIGNING,
        STRIPE_SECRET_KEY: 'sk_test_env',
        TWILIO_ACCOUNT_SID: 'AC1',
      },
    });
    expect(await provider.getDatabaseUrl()).toBe('postgres://app:local%40pw@127.0.0.1:5432/mentalspace');
    expect(await provider.getSigningSecrets()).toEqual({ current: SIGNING, previous: [] });
    expect(await provider.getStripe()).toEqual({ secretKey: 'sk_test_env' });
    // Twilio lacks its auth token: not configured rather than half-configured.
    expect(await provider.getTwilio()).toBeUndefined();
    expect(await provider.getRedisUrl()).toBeUndefined();
    expect(await provider.checkSecretsManagerHealth()).toEqual({ status: 'skipped', source: 'env' });
    expect(sm.calls()).toHaveLength(0);
  });

  it('fails at boot naming the missing signing secret', async () => {
    const provider = createSecretsProvider({
      mode: 'env',
      environmentName: 'dev',
      env: { DATABASE_URL: 'postgres://app@127.0.0.1/mentalspace' },
    });
    await expect(provider.initializeSecrets()).rejects.toThrow('secret session is not configured');
  });
});

describe('options from the environment record', () => {
  it('turns Secrets Manager on with SECRETS_SOURCE=aws and picks the environment prefix', () => {
    const env = { SECRETS_SOURCE: 'aws', MENTALSPACE_ENVIRONMENT: 'prod', AWS_REGION: 'us-east-1' };
    expect(secretsProviderOptionsFromEnvironment(env)).toMatchObject({
      mode: 'aws',
      environmentName: 'prod',
      region: 'us-east-1',
      fallbackToEnv: true,
    });
  });

  it('defaults to the environment in development and refuses unknown values', () => {
    expect(secretsProviderOptionsFromEnvironment({})).toMatchObject({ mode: 'env', environmentName: 'dev' });
    expect(() => secretsProviderOptionsFromEnvironment({ SECRETS_SOURCE: 'vault' })).toThrow(
      /SECRETS_SOURCE/,
    );
  });
});
