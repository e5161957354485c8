import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ENVIRONMENT_NAMES, type EnvironmentName } from '../apps/api/src/config/secrets/catalog';
import { applySecretsPlan } from './lib/apply-secrets-plan';
import { parseDotEnv } from './lib/dotenv';
import { describePlan, planSecrets, renderEnvExample } from './lib/secrets-plan';

const USAGE = `Usage: npm run migrate-secrets -- --environment=dev|staging|prod [--dry-run]
         [--env-file=.env] [--example-file=.env.example] [--region=<aws region>] [--kms-key-id=<key>]
Moves the sensitive keys of a .env into AWS Secrets Manager as mentalspace/<env>/<name>
and writes .env.example with placeholders. --dry-run prints the plan and touches no AWS API.
`;

export interface CliOptions {
  environment: EnvironmentName;
  dryRun: boolean;
  envFile: string;
  exampleFile: string;
  region?: string | undefined;
  kmsKeyId?: string | undefined;
}

export function parseArgs(argv: string[]): CliOptions {
  const flags = new Map<string, string | true>();
  for (const arg of argv) {
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match) throw new Error(`unexpected argument ${arg}`);
    flags.set(match[1]!, match[2] ?? true);
  }
  const known = new Set([
    'environment',
    'dry-run',
    'env-file',
    'example-file',
    'region',
    'kms-key-id',
    'help',
  ]);
  for (const name of flags.keys()) if (!known.has(name)) throw new Error(`unknown option --${name}`);
  const text = (name: string) => {
    const v = flags.get(name);
    return typeof v === 'string' && v ? v : undefined;
  };
  const environment = text('environment');
  if (!environment || !(ENVIRONMENT_NAMES as readonly string[]).includes(environment))
    throw new Error('--environment must be dev, staging or prod');
  return {
    environment: environment as EnvironmentName,
    dryRun: flags.get('dry-run') === true,
    envFile: resolve(text('env-file') ?? '.env'),
    exampleFile: resolve(text('example-file') ?? '.env.example'),
    region: text('region'),
    kmsKeyId: text('kms-key-id'),
  };
}

export async function run(argv: string[], client?: SecretsManagerClient): Promise<number> {
  if (argv.includes('--help')) {
    process.stdout.write(USAGE);
    return 0;
  }
  let options: CliOptions;
  try {
    options = parseArgs(argv);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  const entries = parseDotEnv(await readFile(options.envFile, 'utf8'));
  const plan = planSecrets(entries, options.environment);
  process.stdout.write(describePlan(plan, options.dryRun));

  if (!options.dryRun) {
    const sm = client ?? new SecretsManagerClient(options.region ? { region: options.region } : {});
    for (const result of await applySecretsPlan(sm, plan, { kmsKeyId: options.kmsKeyId }))
      process.stdout.write(
        `  ${result.outcome.padEnd(7)} ${result.id}${result.reason ? ` (${result.reason})` : ''}\n`,
      );
  }
  await writeFile(options.exampleFile, renderEnvExample(entries, plan));
  process.stdout.write(`Wrote ${options.exampleFile}\n`);
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  run(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      // AWS errors name the failure (AccessDenied, …); they never carry a secret's value.
      process.stderr.write(
        `migrate-secrets failed: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      process.exit(1);
    },
  );
}
