import { App, Aspects } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { HIPAASecurityChecks } from 'cdk-nag';
import { buildApp } from '../lib/build-app';
import type { EnvironmentName } from '../lib/environment-settings';
import type { DeliveryStack } from '../lib/delivery-stack';
import type { MentalSpaceStack } from '../lib/mentalspace-stack';

/** A dummy account for test stacks only; it must never appear in non-test code. */
export const TEST_ACCOUNT = '123456789012';
export const TEST_ENV = { account: TEST_ACCOUNT, region: 'us-east-1' };

export const BASE_CONTEXT = {
  domainName: 'app.ehr.example.org',
  hostedZoneId: 'Z0EXAMPLE00000',
  hostedZoneName: 'ehr.example.org',
  imageTag: 'sha-new',
  githubRepository: 'example-org/mentalspace-ehr',
};

export interface Synthesized {
  stack: MentalSpaceStack;
  delivery: DeliveryStack;
  template: Template;
  deliveryTemplate: Template;
}

/** Synthesizes one environment (and the delivery stack) the way `cdk synth` would, offline. */
export function synthesize(
  environment: EnvironmentName,
  options: { context?: Record<string, unknown>; nag?: boolean } = {},
): Synthesized {
  const app = new App({ context: { ...BASE_CONTEXT, environment, ...options.context } });
  const built = buildApp(app, TEST_ENV);
  if (!built.environment || !built.delivery) throw new Error('both stacks expected');
  if (options.nag) Aspects.of(app).add(new HIPAASecurityChecks({ verbose: true }));
  return {
    stack: built.environment,
    delivery: built.delivery,
    template: Template.fromStack(built.environment),
    deliveryTemplate: Template.fromStack(built.delivery),
  };
}

type Resources = Record<string, { Type: string; Properties?: Record<string, unknown> }>;

/** The one resource of a type whose logical id starts with `prefix`. */
export function resourceOf(template: Template, type: string, prefix = ''): Record<string, unknown> {
  const all = Object.entries(template.findResources(type) as Resources).filter(([id]) =>
    id.startsWith(prefix),
  );
  if (all.length !== 1)
    throw new Error(`expected one ${type} starting with "${prefix}", found ${all.length}`);
  return all[0]![1].Properties ?? {};
}
