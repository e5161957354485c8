export {
  createSecretsProvider,
  MissingSecretError,
  SECRETS_CACHE_TTL_MS,
  type BootSecrets,
  type SecretsHealth,
  type SecretsLogger,
  type SecretsProvider,
  type SecretsProviderOptions,
  type SigningSecrets,
} from './secrets-provider';
export { secretsProviderOptionsFromEnvironment } from './options-from-environment';
export { SECRET_CATALOG, secretId, type SecretValue, type EnvironmentName } from './catalog';
export type { DatabaseCredentials } from './database-url';
export { resolveBootEnvironment, type BootEnvironment } from './boot-environment';
