import { Duration, RemovalPolicy, Stack, Tags, type StackProps } from 'aws-cdk-lib';
import { Repository, TagMutability } from 'aws-cdk-lib/aws-ecr';
import { FederatedPrincipal, OidcProviderNative, PolicyStatement, Role } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { ENVIRONMENT_NAMES, IMAGE_REPOSITORY_NAME } from './environment-settings';
import { addDeliveryNagSuppressions } from './nag-suppressions';

export const GITHUB_OIDC_ISSUER = 'token.actions.githubusercontent.com';

export interface DeliveryStackProps extends StackProps {
  /** `owner/name` of the GitHub repository whose workflows may deploy (context `githubRepository`). */
  githubRepository: string;
}

/**
 * What delivery needs before any environment exists: the image repository and the role GitHub
 * Actions assumes through OIDC (no long-lived keys). The role can only be assumed from a workflow
 * job bound to one of the repository's GitHub environments, which is where prod's approval sits.
 */
export class DeliveryStack extends Stack {
  readonly repository: Repository;
  readonly deployRole: Role;

  constructor(scope: Construct, id: string, props: DeliveryStackProps) {
    super(scope, id, props);
    Tags.of(this).add('Application', 'mentalspace-ehr');
    Tags.of(this).add('ManagedBy', 'cdk');

    this.repository = new Repository(this, 'Images', {
      repositoryName: IMAGE_REPOSITORY_NAME,
      imageScanOnPush: true,
      imageTagMutability: TagMutability.IMMUTABLE,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ description: 'Keep the last 200 images', maxImageCount: 200 }],
    });

    const provider = new OidcProviderNative(this, 'GithubOidc', {
      url: `https://${GITHUB_OIDC_ISSUER}`,
      clientIds: ['sts.amazonaws.com'],
    });

    this.deployRole = new Role(this, 'GithubDeployRole', {
      roleName: 'mentalspace-github-deploy',
      description: 'Assumed by GitHub Actions (OIDC) to push images, run migrations and deploy',
      maxSessionDuration: Duration.hours(2),
      assumedBy: new FederatedPrincipal(
        provider.oidcProviderArn,
        {
          StringEquals: { [`${GITHUB_OIDC_ISSUER}:aud`]: 'sts.amazonaws.com' },
          StringLike: {
            [`${GITHUB_OIDC_ISSUER}:sub`]: [
              ...ENVIRONMENT_NAMES.map((env) => `repo:${props.githubRepository}:environment:${env}`),
              // The image build job runs on main, before any environment.
              `repo:${props.githubRepository}:ref:refs/heads/main`,
            ],
          },
        },
        'sts:AssumeRoleWithWebIdentity',
      ),
    });

    this.repository.grantPullPush(this.deployRole);
    this.deployRole.addToPolicy(
      new PolicyStatement({
        sid: 'CdkBootstrapRoles',
        actions: ['sts:AssumeRole'],
        resources: [this.formatArn({ service: 'iam', region: '', resource: 'role', resourceName: 'cdk-*' })],
      }),
    );
    this.deployRole.addToPolicy(
      new PolicyStatement({
        sid: 'ReadStackOutputs',
        actions: ['cloudformation:DescribeStacks'],
        resources: [
          this.formatArn({ service: 'cloudformation', resource: 'stack', resourceName: 'MentalSpace-*' }),
        ],
      }),
    );
    this.deployRole.addToPolicy(
      new PolicyStatement({
        sid: 'RunMigrationTask',
        actions: ['ecs:RunTask'],
        resources: [
          this.formatArn({
            service: 'ecs',
            resource: 'task-definition',
            resourceName: 'mentalspace-*-migrate:*',
          }),
        ],
      }),
    );
    this.deployRole.addToPolicy(
      new PolicyStatement({
        sid: 'WatchMigrationTask',
        actions: ['ecs:DescribeTasks'],
        resources: [this.formatArn({ service: 'ecs', resource: 'task', resourceName: '*' })],
      }),
    );
    this.deployRole.addToPolicy(
      new PolicyStatement({
        sid: 'PassMigrationTaskRoles',
        actions: ['iam:PassRole'],
        resources: [
          this.formatArn({ service: 'iam', region: '', resource: 'role', resourceName: 'MentalSpace-*' }),
        ],
        conditions: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
      }),
    );
    addDeliveryNagSuppressions(this);
  }
}
