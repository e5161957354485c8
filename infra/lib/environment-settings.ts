import { Duration } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';

export const ENVIRONMENT_NAMES = ['dev', 'staging', 'prod'] as const;
export type EnvironmentName = (typeof ENVIRONMENT_NAMES)[number];

export function isEnvironmentName(value: unknown): value is EnvironmentName {
  return typeof value === 'string' && (ENVIRONMENT_NAMES as readonly string[]).includes(value);
}

/** What differs between environments; everything else is the same stack. */
export interface EnvironmentSettings {
  name: EnvironmentName;
  production: boolean;
  natGateways: number;
  database: {
    instanceClass: string;
    multiAz: boolean;
    allocatedStorageGiB: number;
    maxAllocatedStorageGiB: number;
  };
  cache: { nodeType: string; nodes: number };
  compute: { cpu: number; memoryMiB: number; minTasks: number; maxTasks: number };
  logRetention: RetentionDays;
  accessLogRetention: Duration;
}

const SETTINGS: Record<EnvironmentName, EnvironmentSettings> = {
  dev: {
    name: 'dev',
    production: false,
    natGateways: 1,
    database: {
      instanceClass: 't4g.medium',
      multiAz: false,
      allocatedStorageGiB: 20,
      maxAllocatedStorageGiB: 100,
    },
    cache: { nodeType: 'cache.t4g.small', nodes: 2 },
    compute: { cpu: 512, memoryMiB: 1024, minTasks: 2, maxTasks: 10 },
    logRetention: RetentionDays.THREE_MONTHS,
    accessLogRetention: Duration.days(90),
  },
  staging: {
    name: 'staging',
    production: false,
    natGateways: 1,
    database: {
      instanceClass: 'm7g.large',
      multiAz: true,
      allocatedStorageGiB: 50,
      maxAllocatedStorageGiB: 500,
    },
    cache: { nodeType: 'cache.m7g.large', nodes: 2 },
    compute: { cpu: 1024, memoryMiB: 2048, minTasks: 2, maxTasks: 20 },
    logRetention: RetentionDays.SIX_MONTHS,
    accessLogRetention: Duration.days(180),
  },
  prod: {
    name: 'prod',
    production: true,
    // One NAT gateway per AZ: losing an AZ must not cut the other two off from Stripe, Twilio & co.
    natGateways: 3,
    database: {
      instanceClass: 'm7g.xlarge',
      multiAz: true,
      allocatedStorageGiB: 100,
      maxAllocatedStorageGiB: 2000,
    },
    cache: { nodeType: 'cache.m7g.large', nodes: 3 },
    compute: { cpu: 1024, memoryMiB: 2048, minTasks: 2, maxTasks: 100 },
    // HIPAA asks for six years of documentation; operational logs are kept a year here and
    // CloudTrail (the audit of who did what in the account) six years, in the audit construct.
    logRetention: RetentionDays.ONE_YEAR,
    accessLogRetention: Duration.days(365),
  },
};

export function settingsFor(name: EnvironmentName): EnvironmentSettings {
  return SETTINGS[name];
}

/** Backups kept by AWS Backup; RDS's own automated backups stop at 35 days. */
export const BACKUP_RETENTION = Duration.days(90);
export const RDS_AUTOMATED_BACKUP_RETENTION = Duration.days(35);
export const APP_PORT = 3000;
export const SECRET_PREFIX = 'mentalspace';
export const IMAGE_REPOSITORY_NAME = 'mentalspace-ehr';

/** `mentalspace/<env>/<name>`: the naming the app's secrets module and the migration script share. */
export function secretName(environment: EnvironmentName, name: string): string {
  return `${SECRET_PREFIX}/${environment}/${name}`;
}
