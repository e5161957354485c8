import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { resourceOf, synthesize } from './synthesize';

let template: Template;
beforeAll(() => {
  ({ deliveryTemplate: template } = synthesize('staging'));
});

describe('delivery stack', () => {
  it('keeps images in a scanned repository with immutable tags', () => {
    expect(resourceOf(template, 'AWS::ECR::Repository')).toMatchObject({
      RepositoryName: 'mentalspace-ehr',
      ImageTagMutability: 'IMMUTABLE',
      ImageScanningConfiguration: { ScanOnPush: true },
    });
  });

  it('trusts GitHub OIDC tokens only from this repository’s environments and main branch', () => {
    expect(resourceOf(template, 'AWS::IAM::OIDCProvider')).toMatchObject({
      Url: 'https://token.actions.githubusercontent.com',
      ClientIdList: ['sts.amazonaws.com'],
    });
    const trust = (
      resourceOf(template, 'AWS::IAM::Role').AssumeRolePolicyDocument as { Statement: unknown[] }
    ).Statement[0];
    expect(trust).toMatchObject({
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: {
        StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
        StringLike: {
          'token.actions.githubusercontent.com:sub': [
            'repo:example-org/mentalspace-ehr:environment:dev',
            'repo:example-org/mentalspace-ehr:environment:staging',
            'repo:example-org/mentalspace-ehr:environment:prod',
            'repo:example-org/mentalspace-ehr:ref:refs/heads/main',
          ],
        },
      },
    });
  });

  it('lets the deploy role pass roles only to ECS tasks and run only migration task definitions', () => {
    const policy = JSON.stringify(template.findResources('AWS::IAM::Policy'));
    expect(policy).toContain('"iam:PassedToService":"ecs-tasks.amazonaws.com"');
    expect(policy).toContain('task-definition/mentalspace-*-migrate:*');
    expect(policy).not.toMatch(/"Action":"\*"/);
  });
});
