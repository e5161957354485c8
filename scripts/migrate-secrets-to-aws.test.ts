import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
  TagResourceCommand,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { applySecretsPlan } from './lib/apply-secrets-plan';
import { parseDotEnv } from './lib/dotenv';
import { isSensitiveKey, planSecrets, renderEnvExample } from './lib/secrets-plan';
import { parseArgs } from './migrate-secrets-to-aws';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '..');

const DOTENV = `# local settings
NODE_ENV=production
PORT=3000
export LOG_LEVEL=info
DATABASE_URL=postgres://mentalspace:db-pass-7Hq%40x@db.internal.example:5432/mentalspace
REDIS_URL=rediss://:redis-pass-9Kx@cache.internal.example:6379
SESSION_SECRET="sess-secret-value-with # hash"
OPENAI_API_KEY=sk-openai-value-123
STRIPE_SECRET_KEY=sk_live_stripe_value
STRIPE_WEBHOOK_SECRET=whsec_stripe_value
TWILIO_ACCOUNT_SID=AC_twilio_sid_value
SENDGRID_API_KEY='SG.sendgrid-value'
CUSTOM_WEBHOOK_TOKEN=custom-token-value
PUBLIC_APP_URL=https://ehr.example.org # the address users open
`;
const SECRET_VALUES = [
  'db-pass-7Hq',
  'redis-pass-9Kx',
  'sess-secret-value',
  'sk-openai-value-123',
  'sk_live_stripe_value',
  'whsec_stripe_value',
  'AC_twilio_sid_value',
  'SG.sendgrid-value',
  'custom-token-value',
];

describe('migrate-secrets --dry-run (real run, no AWS)', () => {
  let dir: string;
  let stdout: string;
  let example: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'migrate-secrets-'));
    await writeFile(join(dir, '.env'), DOTENV);
    const result = await run(
      'npx',
      [
        'tsx',
        'scripts/migrate-secrets-to-aws.ts',
        '--environment=staging',
        '--dry-run',
        `--env-file=${join(dir, '.env')}`,
        `--example-file=${join(dir, '.env.example')}`,
      ],
      {
        cwd: ROOT,
        // Any AWS call would fail fast against a closed port and without credentials.
        env: {
          ...process.env,
          AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
          AWS_ACCESS_KEY_ID: '',
          AWS_PROFILE: '',
        },
      },
    );
    stdout = result.stdout;
    example = await readFile(join(dir, '.env.example'), 'utf8');
  }, 60_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('prints the plan: one secret per group, named mentalspace/<env>/<name>', () => {
    expect(stdout).toContain('Secrets for environment staging (dry run: nothing is sent to AWS)');
    expect(stdout).toMatch(
      /mentalspace\/staging\/database\s+<- DATABASE_URL \[engine, host, port, username, password, dbname\]/,
    );
    expect(stdout).toMatch(/mentalspace\/staging\/redis\s+<- REDIS_URL \[authToken\]/);
    expect(stdout).toMatch(/mentalspace\/staging\/session\s+<- SESSION_SECRET \[current\]/);
    expect(stdout).toMatch(/mentalspace\/staging\/stripe\s+<- STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET/);
    expect(stdout).toMatch(/mentalspace\/staging\/custom-webhook-token\s+<- CUSTOM_WEBHOOK_TOKEN/);
    expect(stdout).toContain('warning: missing TWILIO_AUTH_TOKEN');
    expect(stdout).toContain(
      'Not sensitive, kept in .env.example: NODE_ENV, PORT, LOG_LEVEL, PUBLIC_APP_URL',
    );
    expect(stdout).not.toMatch(/created|updated/);
  });

  it('never prints a secret value', () => {
    for (const value of SECRET_VALUES) expect(stdout).not.toContain(value);
  });

  it('writes .env.example with placeholders for every sensitive key and values for the rest', () => {
    for (const value of SECRET_VALUES) expect(example).not.toContain(value);
    expect(example).toContain('SECRETS_SOURCE=aws\nMENTALSPACE_ENVIRONMENT=staging\n');
    expect(example).toContain('# in AWS Secrets Manager: mentalspace/staging/database\nDATABASE_URL=\n');
    expect(example).toContain('# in AWS Secrets Manager: mentalspace/staging/stripe\nSTRIPE_SECRET_KEY=\n');
    expect(example).toContain('REDIS_URL=rediss://cache.internal.example:6379\n');
    expect(example).toContain('NODE_ENV=production\nPORT=3000\nLOG_LEVEL=info\n');
    expect(example).toContain('PUBLIC_APP_URL=https://ehr.example.org\n');
  });

  it('refuses to run without a valid environment', async () => {
    const failed = await run(
      'npx',
      ['tsx', 'scripts/migrate-secrets-to-aws.ts', '--environment=qa', '--dry-run'],
      {
        cwd: ROOT,
      },
    ).catch((error: { code: number; stderr: string }) => error);
    expect(failed).toMatchObject({ code: 2 });
    expect((failed as { stderr: string }).stderr).toContain('--environment must be dev, staging or prod');
  }, 60_000);
});

describe('secrets plan', () => {
  it('parses .env quoting, comments and export', () => {
    expect(parseDotEnv('A=1\n# c\nexport B="x # y"\nC=\'z\' \nD=plain # note\n')).toEqual([
      ['A', '1'],
      ['B', 'x # y'],
      ['C', 'z'],
      ['D', 'plain'],
    ]);
  });

  it('tells sensitive keys by the catalog and by name', () => {
    expect(isSensitiveKey('ADVANCEDMD_OFFICE_KEY')).toBe(true);
    expect(isSensitiveKey('TWILIO_ACCOUNT_SID')).toBe(true);
    expect(isSensitiveKey('SOME_PRIVATE_KEY')).toBe(true);
    expect(isSensitiveKey('SECRETS_SOURCE')).toBe(false);
    expect(isSensitiveKey('PORT')).toBe(false);
  });

  it('stores DATABASE_URL as structured credentials', () => {
    const plan = planSecrets([['DATABASE_URL', 'postgres://u:p%40ss@h:6543/ehr']], 'dev');
    expect(plan.secrets).toEqual([
      expect.objectContaining({
        id: 'mentalspace/dev/database',
        value: { engine: 'postgres', host: 'h', port: 6543, username: 'u', password: 'p@ss', dbname: 'ehr' },
      }),
    ]);
    expect(renderEnvExample([['DATABASE_URL', 'x']], plan)).toContain('DATABASE_URL=\n');
  });
});

describe('migrate-secrets against Secrets Manager (AWS SDK mocked)', () => {
  const sm = mockClient(SecretsManagerClient);
  const plan = planSecrets(
    [
      ['SENDGRID_API_KEY', 'SG.x'],
      ['ANTHROPIC_API_KEY', 'sk-ant'],
      ['SESSION_SECRET', 's'.repeat(64)],
    ],
    'prod',
  );
  beforeEach(() => {
    sm.reset();
    sm.on(DescribeSecretCommand).rejects(
      new ResourceNotFoundException({ message: 'not found', $metadata: {} }),
    );
  });

  it('creates missing secrets with the environment key and tags (AWS SDK mocked)', async () => {
    const results = await applySecretsPlan(new SecretsManagerClient({ region: 'us-east-1' }), plan);
    expect(results.map((r) => r.outcome)).toEqual(['created', 'created', 'created']);
    const created = sm.commandCalls(CreateSecretCommand).map((c) => c.args[0].input);
    expect(created.map((c) => c.Name)).toEqual([
      'mentalspace/prod/session',
      'mentalspace/prod/anthropic',
      'mentalspace/prod/sendgrid',
    ]);
    expect(created[2]).toMatchObject({
      SecretString: JSON.stringify({ apiKey: 'SG.x' }),
      KmsKeyId: 'alias/mentalspace/prod/secrets',
      Tags: [
        { Key: 'Environment', Value: 'prod' },
        { Key: 'Application', Value: 'mentalspace-ehr' },
        { Key: 'ManagedBy', Value: 'migrate-secrets' },
      ],
    });
  });

  it('puts a new version of existing secrets and leaves infrastructure-generated ones alone (AWS SDK mocked)', async () => {
    sm.on(DescribeSecretCommand, { SecretId: 'mentalspace/prod/session' }).resolves({
      Tags: [{ Key: 'ManagedBy', Value: 'cdk' }],
    });
    sm.on(DescribeSecretCommand, { SecretId: 'mentalspace/prod/sendgrid' }).resolves({
      Tags: [{ Key: 'ManagedBy', Value: 'migrate-secrets' }],
    });
    const results = await applySecretsPlan(new SecretsManagerClient({ region: 'us-east-1' }), plan, {
      kmsKeyId: 'alias/custom',
    });
    expect(results).toEqual([
      {
        id: 'mentalspace/prod/session',
        outcome: 'skipped',
        reason: 'generated by the infrastructure (ManagedBy=cdk)',
      },
      { id: 'mentalspace/prod/anthropic', outcome: 'created' },
      { id: 'mentalspace/prod/sendgrid', outcome: 'updated' },
    ]);
    expect(sm.commandCalls(PutSecretValueCommand).map((c) => c.args[0].input.SecretId)).toEqual([
      'mentalspace/prod/sendgrid',
    ]);
    expect(sm.commandCalls(TagResourceCommand)).toHaveLength(1);
    expect(sm.commandCalls(CreateSecretCommand)[0]!.args[0].input.KmsKeyId).toBe('alias/custom');
  });

  it('stops on an error other than "not found" (AWS SDK mocked)', async () => {
    sm.on(DescribeSecretCommand).rejects(new Error('AccessDeniedException'));
    await expect(applySecretsPlan(new SecretsManagerClient({ region: 'us-east-1' }), plan)).rejects.toThrow(
      'AccessDeniedException',
    );
    expect(sm.commandCalls(CreateSecretCommand)).toHaveLength(0);
  });
});

describe('command-line options', () => {
  it('reads --environment, --dry-run and file paths', () => {
    expect(parseArgs(['--environment=dev', '--dry-run', '--env-file=/tmp/x.env'])).toMatchObject({
      environment: 'dev',
      dryRun: true,
      envFile: '/tmp/x.env',
    });
    expect(() => parseArgs(['--environment=dev', '--force'])).toThrow('unknown option --force');
  });
});
