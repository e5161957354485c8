/**
 * Every secret the app reads, by name: stored in AWS Secrets Manager as `mentalspace/<env>/<name>`
 * (a JSON object with the fields below) and, in development, read from the environment variables
 * each field names. scripts/migrate-secrets-to-aws.ts moves a `.env` into Secrets Manager with
 * this same table, so the two cannot drift apart.
 */
interface FieldSpec {
  env: string;
  optional: boolean;
}
const required = (env: string) => ({ env, optional: false }) as const;
const optional = (env: string) => ({ env, optional: true }) as const;

export const SECRET_CATALOG = {
  session: {
    description: 'Signing secret for access and CSRF tokens; previous secrets still verify during a rotation',
    fields: { current: required('SESSION_SECRET'), previous: optional('SESSION_SECRET_PREVIOUS') },
  },
  redis: {
    description: 'ElastiCache Redis AUTH token',
    fields: { authToken: required('REDIS_AUTH_TOKEN') },
  },
  openai: {
    description: 'OpenAI API credentials',
    fields: { apiKey: required('OPENAI_API_KEY'), organization: optional('OPENAI_ORG_ID') },
  },
  anthropic: {
    description: 'Anthropic API key',
    fields: { apiKey: required('ANTHROPIC_API_KEY') },
  },
  stripe: {
    description: 'Stripe secret key and webhook signing secret',
    fields: { secretKey: required('STRIPE_SECRET_KEY'), webhookSecret: optional('STRIPE_WEBHOOK_SECRET') },
  },
  twilio: {
    description: 'Twilio account credentials',
    fields: {
      accountSid: required('TWILIO_ACCOUNT_SID'),
      authToken: required('TWILIO_AUTH_TOKEN'),
      apiKeySid: optional('TWILIO_API_KEY_SID'),
      apiKeySecret: optional('TWILIO_API_KEY_SECRET'),
    },
  },
  sendgrid: {
    description: 'SendGrid API key',
    fields: { apiKey: required('SENDGRID_API_KEY') },
  },
  advancedmd: {
    description: 'AdvancedMD API credentials',
    fields: {
      username: required('ADVANCEDMD_USERNAME'),
      password: required('ADVANCEDMD_PASSWORD'),
      officeKey: required('ADVANCEDMD_OFFICE_KEY'),
      appName: optional('ADVANCEDMD_APP_NAME'),
    },
  },
} as const satisfies Record<string, { description: string; fields: Record<string, FieldSpec> }>;

export type CatalogSecretName = keyof typeof SECRET_CATALOG;

type FieldsOf<N extends CatalogSecretName> = (typeof SECRET_CATALOG)[N]['fields'];
/** The typed value of a catalog secret: required fields are strings, optional ones may be absent. */
export type SecretValue<N extends CatalogSecretName> = {
  [K in keyof FieldsOf<N> as FieldsOf<N>[K] extends { optional: false } ? K : never]: string;
} & {
  [K in keyof FieldsOf<N> as FieldsOf<N>[K] extends { optional: true } ? K : never]?: string;
};

/**
 * The database secret has the shape RDS writes for generated credentials, so the secret CDK
 * creates and the one the migration script writes are read the same way.
 */
export const DATABASE_SECRET_NAME = 'database';
export const DATABASE_ENV = {
  url: 'DATABASE_URL',
  host: 'DATABASE_HOST',
  port: 'DATABASE_PORT',
  name: 'DATABASE_NAME',
  username: 'DATABASE_USERNAME',
  password: 'DATABASE_PASSWORD',
  sslMode: 'DATABASE_SSLMODE',
} as const;

export const SECRET_NAME_PREFIX = 'mentalspace';
export const ENVIRONMENT_NAMES = ['dev', 'staging', 'prod'] as const;
export type EnvironmentName = (typeof ENVIRONMENT_NAMES)[number];

export function secretId(environment: EnvironmentName, name: string): string {
  return `${SECRET_NAME_PREFIX}/${environment}/${name}`;
}

/** The environment variables that hold a secret, catalog or database: the migration's "sensitive" set. */
export function catalogEnvKeys(): Set<string> {
  const keys = new Set<string>([DATABASE_ENV.url, DATABASE_ENV.password, DATABASE_ENV.username]);
  for (const spec of Object.values(SECRET_CATALOG))
    for (const field of Object.values(spec.fields) as FieldSpec[]) keys.add(field.env);
  return keys;
}

/** Builds a catalog secret's value from an environment record; undefined when a required field is missing. */
export function catalogValueFromEnv<N extends CatalogSecretName>(
  name: N,
  env: Record<string, string | undefined>,
): SecretValue<N> | undefined {
  return pickFields(name, (field) => env[field.env]);
}

/** Reads a catalog secret's fields from a parsed Secrets Manager JSON object. */
export function catalogValueFromJson<N extends CatalogSecretName>(
  name: N,
  json: Record<string, unknown>,
): SecretValue<N> | undefined {
  return pickFields(name, (_field, key) => {
    const value = json[key];
    return typeof value === 'string' ? value : undefined;
  });
}

function pickFields<N extends CatalogSecretName>(
  name: N,
  read: (field: FieldSpec, key: string) => string | undefined,
): SecretValue<N> | undefined {
  const out: Record<string, string> = {};
  for (const [key, field] of Object.entries(SECRET_CATALOG[name].fields) as [string, FieldSpec][]) {
    const value = read(field, key);
    if (value === undefined || value === '') {
      if (!field.optional) return undefined;
      continue;
    }
    out[key] = value;
  }
  return out as SecretValue<N>;
}
