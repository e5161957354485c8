import { App } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../lib/build-app';
import { BASE_CONTEXT, resourceOf, synthesize, TEST_ENV } from './synthesize';

describe('dev', () => {
  let template: Template;
  beforeAll(() => {
    ({ template } = synthesize('dev', { context: { serviceImageTag: 'sha-old' } }));
  });

  it('is smaller but keeps the safeguards: single-AZ database still encrypted and protected', () => {
    expect(resourceOf(template, 'AWS::RDS::DBInstance')).toMatchObject({
      MultiAZ: false,
      StorageEncrypted: true,
      DeletionProtection: true,
      BackupRetentionPeriod: 35,
    });
    template.resourceCountIs('AWS::EC2::NatGateway', 1);
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      MinCapacity: 2,
      MaxCapacity: 10,
    });
  });

  it('leaves the load balancer deletable and blocks no country unless told', () => {
    const lb = resourceOf(template, 'AWS::ElasticLoadBalancingV2::LoadBalancer');
    expect(JSON.stringify(lb.LoadBalancerAttributes)).toContain(
      '"deletion_protection.enabled","Value":"false"',
    );
    const rules = resourceOf(template, 'AWS::WAFv2::WebACL').Rules as { Name: string }[];
    expect(rules.map((r) => r.Name)).not.toContain('GeoBlock');
  });

  it('runs the migration task on the new image while the service stays on the current one', () => {
    const image = (prefix: string) =>
      JSON.stringify(
        (
          resourceOf(template, 'AWS::ECS::TaskDefinition', prefix).ContainerDefinitions as {
            Image: unknown;
          }[]
        )[0]!.Image,
      );
    expect(image('ComputeMigrationTask')).toContain(':sha-new');
    expect(image('ComputeTask')).toContain(':sha-old');
    expect(template.toJSON().Outputs.ServiceImageTag.Value).toBe('sha-old');
  });
});

describe('context', () => {
  const build = (context: Record<string, unknown>) => () =>
    buildApp(new App({ context: { ...BASE_CONTEXT, ...context } }), TEST_ENV);

  it('refuses an unknown environment', () => {
    expect(build({ environment: 'qa' })).toThrow(/dev, staging or prod/);
  });

  it('names the missing context value', () => {
    expect(build({ environment: 'staging', hostedZoneId: '' })).toThrow(/hostedZoneId is required/);
    expect(build({ environment: 'staging', imageTag: undefined })).toThrow(/imageTag is required/);
  });

  it('refuses a malformed repository name for the OIDC trust', () => {
    expect(build({ githubRepository: 'not a repo' })).toThrow(/owner\/name/);
  });

  it('needs a concrete region to place three AZs without asking AWS', () => {
    expect(() =>
      buildApp(new App({ context: { ...BASE_CONTEXT, environment: 'dev' } }), { account: TEST_ENV.account }),
    ).toThrow(/concrete region/);
  });

  it('builds only the delivery stack when no environment is named', () => {
    const built = buildApp(
      new App({ context: { githubRepository: 'example-org/mentalspace-ehr' } }),
      TEST_ENV,
    );
    expect(built.environment).toBeUndefined();
    expect(built.delivery?.stackName).toBe('MentalSpace-Delivery');
  });
});
