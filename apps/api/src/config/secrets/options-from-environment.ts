import { z } from 'zod';
import { ENVIRONMENT_NAMES } from './catalog';
import type { SecretsProviderOptions } from './secrets-provider';

const SecretsEnvSchema = z.object({
  SECRETS_SOURCE: z.enum(['aws', 'env']).default('env'),
  MENTALSPACE_ENVIRONMENT: z.enum(ENVIRONMENT_NAMES).default('dev'),
  AWS_REGION: z.string().min(1).optional(),
  SECRETS_FALLBACK_TO_ENV: z.enum(['true', 'false']).optional(),
});

/**
 * Provider options from the environment record the boot config read: `SECRETS_SOURCE=aws` (set
 * by the ECS task definition) turns Secrets Manager on; `MENTALSPACE_ENVIRONMENT` picks the
 * `mentalspace/<env>/` prefix.
 */
export function secretsProviderOptionsFromEnvironment(
  env: Record<string, string | undefined>,
): SecretsProviderOptions {
  const parsed = SecretsEnvSchema.safeParse(env);
  if (!parsed.success)
    throw new Error(
      `invalid secrets configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`,
    );
  const e = parsed.data;
  return {
    mode: e.SECRETS_SOURCE,
    env,
    environmentName: e.MENTALSPACE_ENVIRONMENT,
    region: e.AWS_REGION,
    fallbackToEnv: e.SECRETS_FALLBACK_TO_ENV ? e.SECRETS_FALLBACK_TO_ENV === 'true' : true,
  };
}
