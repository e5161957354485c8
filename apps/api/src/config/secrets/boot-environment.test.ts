import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { resolveBootEnvironment } from './boot-environment';

const sm = mockClient(SecretsManagerClient);
afterEach(() => sm.reset());

const SIGNING = 'Zq8#xW2!mK4$pL6^rT9&vB1*nC3(dF5)'.repeat(2).split('').reverse().join('') + 'gH7';
// The task definition's plain environment: no database URL, no secret.
const ecsEnvironment = {
  NODE_ENV: 'production',
  SECRETS_SOURCE: 'aws',
  MENTALSPACE_ENVIRONMENT: 'prod',
  AWS_REGION: 'us-east-1',
  REDIS_URL: 'rediss://cache.internal:6379',
  PHI_KMS_KEY_ID: 'alias/mentalspace/prod/phi',
  AUDIT_ANCHOR_BUCKET: 'mentalspace-prod-audit-anchors',
  PUBLIC_URL: 'https://ehr.example.org',
};

describe('boot environment', () => {
  it('uses the environment as it is when secrets come from the environment', async () => {
    const env = { DATABASE_URL: 'postgres://app@db:5432/x', SESSION_SECRET: SIGNING };
    const boot = await resolveBootEnvironment(env);
    expect(boot.env).toBe(env);
    expect(boot.secretsHealth).toBeUndefined();
  });

  it('lays the database URL, signing secrets and Redis token from Secrets Manager over the environment (AWS SDK mocked)', async () => {
    sm.on(GetSecretValueCommand).rejects(new ResourceNotFoundException({ message: 'none', $metadata: {} }));
    sm.on(GetSecretValueCommand, { SecretId: 'mentalspace/prod/database' }).resolves({
      SecretString: JSON.stringify({
        host: 'db.internal',
        port: 5432,
        username: 'mentalspace_app',
        password: 'p@ss/word',
        dbname: 'mentalspace',
      }),
    });
    sm.on(GetSecretValueCommand, { SecretId: 'mentalspace/prod/session' }).resolves({
      SecretString: JSON.stringify({ current: SIGNING, previous: '' }),
    });
    sm.on(GetSecretValueCommand, { SecretId: 'mentalspace/prod/redis' }).resolves({
      SecretString: JSON.stringify({ authToken: 'redis-token' }),
    });
    sm.on(DescribeSecretCommand).resolves({});

    const boot = await resolveBootEnvironment(ecsEnvironment, { client: new SecretsManagerClient({}) });
    const config = loadConfig(boot.env);
    expect(config.mode).toBe('production');
    expect(config.sessionSecret).toBe(SIGNING);
    expect(config.database.kind).toBe('postgres');
    const url = new URL(config.database.kind === 'postgres' ? config.database.url : '');
    expect([url.hostname, decodeURIComponent(url.password), url.searchParams.get('sslmode')]).toEqual([
      'db.internal',
      'p@ss/word',
      'verify-full',
    ]);
    expect(new URL(config.redisUrl!).password).toBe('redis-token');
    expect(await boot.secretsHealth?.()).toEqual({ status: 'ok', source: 'aws' });
  });

  it('fails the boot, naming the secret and not its value, when a required one is missing (AWS SDK mocked)', async () => {
    sm.on(GetSecretValueCommand).rejects(new ResourceNotFoundException({ message: 'none', $metadata: {} }));
    await expect(
      resolveBootEnvironment(ecsEnvironment, { client: new SecretsManagerClient({}) }),
    ).rejects.toThrow(/secret (database|session) is not configured/);
  });
});
