import type { App, Environment } from 'aws-cdk-lib';
import { DeliveryStack } from './delivery-stack';
import { isEnvironmentName, type EnvironmentName } from './environment-settings';
import { MentalSpaceStack } from './mentalspace-stack';

/** Stack names the deploy workflow and the runbook use. */
export const deliveryStackName = 'MentalSpace-Delivery';
export function environmentStackName(environment: EnvironmentName): string {
  return `MentalSpace-${environment}`;
}

function text(app: App, key: string): string | undefined {
  const value: unknown = app.node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new Error(`context ${key} must be a string`);
  return value;
}

/** A list from `-c key=a,b` on the command line or a JSON array in cdk.json. */
function list(app: App, key: string): string[] | undefined {
  const value: unknown = app.node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return undefined;
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'string')
    return value
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean);
  throw new Error(`context ${key} must be a list`);
}

function required(app: App, key: string): string {
  const value = text(app, key);
  if (!value) throw new Error(`context ${key} is required (cdk … -c ${key}=…)`);
  return value;
}

export interface BuiltApp {
  delivery?: DeliveryStack;
  environment?: MentalSpaceStack;
}

/**
 * Composes the app from context: `-c githubRepository=owner/name` adds the delivery stack (image
 * repository, OIDC deploy role); `-c environment=dev|staging|prod -c domainName=… -c hostedZoneId=…
 * -c imageTag=…` adds that environment. Nothing here looks anything up in AWS.
 */
export function buildApp(app: App, env: Environment): BuiltApp {
  const built: BuiltApp = {};
  // S3 server access logs delivered under a bucket policy rather than the legacy log-delivery ACL,
  // so every bucket can keep ACLs disabled (bucket-owner-enforced).
  app.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);
  const githubRepository = text(app, 'githubRepository');
  if (githubRepository) {
    if (!/^[\w.-]+\/[\w.-]+$/.test(githubRepository)) throw new Error('githubRepository must be owner/name');
    built.delivery = new DeliveryStack(app, deliveryStackName, { env, githubRepository });
  }

  const environment = text(app, 'environment');
  if (environment !== undefined) {
    if (!isEnvironmentName(environment)) throw new Error('context environment must be dev, staging or prod');
    const imageTag = required(app, 'imageTag');
    built.environment = new MentalSpaceStack(app, environmentStackName(environment), {
      env,
      environmentName: environment,
      domainName: required(app, 'domainName'),
      hostedZoneId: required(app, 'hostedZoneId'),
      hostedZoneName: text(app, 'hostedZoneName'),
      imageTag,
      serviceImageTag: text(app, 'serviceImageTag') ?? imageTag,
      geoBlockCountries: list(app, 'geoBlockCountries'),
      alarmEmail: text(app, 'alarmEmail'),
      turnHost: text(app, 'turnHost'),
      availabilityZones: list(app, 'availabilityZones'),
      terminationProtection: environment === 'prod',
      description: `MentalSpace EHR (${environment})`,
    });
  }
  return built;
}
