import { secretsProviderOptionsFromEnvironment } from './options-from-environment';
import {
  createSecretsProvider,
  type SecretsLogger,
  type SecretsProvider,
  type SecretsProviderOptions,
} from './secrets-provider';

export interface BootEnvironment {
  /** The environment loadConfig validates: with the database URL and signing secrets from Secrets Manager in `aws` mode. */
  env: Record<string, string | undefined>;
  secrets: SecretsProvider;
  /** Secrets Manager's health for the readiness check; undefined when secrets come from the environment. */
  secretsHealth: SecretsProvider['checkSecretsManagerHealth'] | undefined;
}

/**
 * Runs before loadConfig in the server and the migration task. With `SECRETS_SOURCE=aws` (set by
 * the ECS task definition) it preloads what the server needs at boot — database URL, signing
 * secrets, Redis AUTH — and lays them over the environment; otherwise the environment is used
 * as it is. Values never reach a log: only secret names and error names do.
 */
export async function resolveBootEnvironment(
  env: Record<string, string | undefined>,
  options: { logger?: SecretsLogger; client?: SecretsProviderOptions['client'] } = {},
): Promise<BootEnvironment> {
  const secrets = createSecretsProvider({
    ...secretsProviderOptionsFromEnvironment(env),
    logger: options.logger,
    client: options.client,
  });
  if (secrets.mode === 'env') return { env, secrets, secretsHealth: undefined };
  const boot = await secrets.initializeSecrets();
  return {
    env: { ...env, ...boot.environment },
    secrets,
    secretsHealth: () => secrets.checkSecretsManagerHealth(),
  };
}
