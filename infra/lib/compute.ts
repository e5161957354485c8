import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Peer, Port, SecurityGroup, type IVpc } from 'aws-cdk-lib/aws-ec2';
import type { IRepository } from 'aws-cdk-lib/aws-ecr';
import {
  Cluster,
  ContainerImage,
  ContainerInsights,
  CpuArchitecture,
  FargateService,
  FargateTaskDefinition,
  LogDrivers,
  OperatingSystemFamily,
  Secret as EcsSecret,
  type ContainerDefinitionOptions,
} from 'aws-cdk-lib/aws-ecs';
import type { ApplicationTargetGroup } from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { AppSecrets } from './app-secrets';
import { DATABASE_NAME } from './database';
import { APP_PORT, type EnvironmentSettings } from './environment-settings';
import { SUBNET_GROUPS } from './network';

export const CPU_TARGET_PERCENT = 60;
export const REQUESTS_PER_TARGET = 1_000;
export const MIGRATE_COMMAND = ['node', 'apps/api/dist/migrate.js'];

export interface ComputeProps {
  settings: EnvironmentSettings;
  vpc: IVpc;
  repository: IRepository;
  /** The image tag the service runs. */
  serviceImageTag: string;
  /** The image tag the migration task runs: the new version, ahead of the service during a deploy. */
  migrationImageTag: string;
  targetGroup: ApplicationTargetGroup;
  logsKey: IKey;
  appSecrets: AppSecrets;
  databaseSecret: ISecret;
  databaseEndpoint: { hostname: string; port: string };
  cacheUrl: string;
  cacheAuthToken: ISecret;
  /** The KMS key that wraps the PHI data keys: the API tasks encrypt and decrypt with it. */
  phiKey: IKey;
  /** The Object Lock bucket for audit chain anchors: the tasks add and list anchors, nothing more. */
  auditAnchors: IBucket;
  /** Where users reach the app (links in reminders and waitlist offers). */
  publicUrl: string;
  /** The coturn host for telehealth's STUN and TURN (docs/telehealth.md); unset: none. */
  turnHost?: string | undefined;
}

/**
 * ECS Fargate: the API service behind the load balancer (2 to N tasks, target tracking on CPU and
 * on requests per target, circuit breaker with rollback) and a one-off migration task definition
 * that deploys run before the service moves to a new image. Secrets reach the containers from
 * Secrets Manager (ECS `secrets`) and, for refresh after rotation, through the app's own reads.
 */
export class Compute extends Construct {
  readonly cluster: Cluster;
  readonly service: FargateService;
  readonly migrationTask: FargateTaskDefinition;
  readonly securityGroup: SecurityGroup;

  constructor(scope: Construct, id: string, props: ComputeProps) {
    super(scope, id);
    const { settings, vpc } = props;
    const env = settings.name;

    this.cluster = new Cluster(this, 'Cluster', {
      vpc,
      containerInsightsV2: ContainerInsights.ENABLED,
    });

    this.securityGroup = new SecurityGroup(this, 'SecurityGroup', {
      vpc,
      allowAllOutbound: false,
      description:
        'API tasks: in from the load balancer on the app port; out to HTTPS, the database and the cache',
    });
    // AWS endpoints and third-party APIs (payments, SMS, e-mail, AI) all speak HTTPS.
    this.securityGroup.addEgressRule(
      Peer.anyIpv4(),
      Port.tcp(443),
      'HTTPS to AWS endpoints and third-party APIs',
    );

    const logGroup = new LogGroup(this, 'Logs', {
      retention: settings.logRetention,
      encryptionKey: props.logsKey,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const environment: Record<string, string> = {
      NODE_ENV: 'production',
      HOST: '0.0.0.0',
      PORT: String(APP_PORT),
      TRUST_PROXY: 'true',
      MIGRATE_ON_START: 'false',
      SECRETS_SOURCE: 'aws',
      MENTALSPACE_ENVIRONMENT: env,
      AWS_REGION: Stack.of(this).region,
      DATABASE_HOST: props.databaseEndpoint.hostname,
      DATABASE_PORT: props.databaseEndpoint.port,
      DATABASE_NAME,
      REDIS_URL: props.cacheUrl,
      PHI_KMS_KEY_ID: props.phiKey.keyArn,
      AUDIT_ANCHOR_BUCKET: props.auditAnchors.bucketName,
      AUDIT_ANCHOR_PREFIX: `audit-anchors/${env}/`,
      PUBLIC_URL: props.publicUrl,
      ...(props.turnHost
        ? {
            TELEHEALTH_STUN_URLS: `stun:${props.turnHost}:3478`,
            TELEHEALTH_TURN_URLS: `turn:${props.turnHost}:3478?transport=udp,turns:${props.turnHost}:5349?transport=tcp`,
          }
        : {}),
    };
    const secrets: Record<string, EcsSecret> = {
      DATABASE_USERNAME: EcsSecret.fromSecretsManager(props.databaseSecret, 'username'),
      DATABASE_PASSWORD: EcsSecret.fromSecretsManager(props.databaseSecret, 'password'),
      SESSION_SECRET: EcsSecret.fromSecretsManager(props.appSecrets.session, 'current'),
      SESSION_SECRET_PREVIOUS: EcsSecret.fromSecretsManager(props.appSecrets.session, 'previous'),
      REDIS_AUTH_TOKEN: EcsSecret.fromSecretsManager(props.cacheAuthToken, 'authToken'),
      ...(props.turnHost
        ? { TELEHEALTH_TURN_SECRET: EcsSecret.fromSecretsManager(props.appSecrets.telehealthTurn, 'secret') }
        : {}),
    };
    const container = (tag: string, streamPrefix: string): ContainerDefinitionOptions => ({
      image: ContainerImage.fromEcrRepository(props.repository, tag),
      logging: LogDrivers.awsLogs({ streamPrefix, logGroup }),
      environment,
      secrets,
      // The image runs as an unprivileged user; say so here too so that ECS refuses root.
      user: '1000',
      readonlyRootFilesystem: false,
    });

    const runtimePlatform = {
      cpuArchitecture: CpuArchitecture.X86_64,
      operatingSystemFamily: OperatingSystemFamily.LINUX,
    };
    const taskDefinition = new FargateTaskDefinition(this, 'Task', {
      family: `mentalspace-${env}-api`,
      cpu: settings.compute.cpu,
      memoryLimitMiB: settings.compute.memoryMiB,
      runtimePlatform,
    });
    taskDefinition.addContainer('api', {
      ...container(props.serviceImageTag, 'api'),
      portMappings: [{ containerPort: APP_PORT }],
      stopTimeout: Duration.seconds(30),
      healthCheck: {
        command: [
          'CMD',
          'node',
          '-e',
          `fetch('http://127.0.0.1:${APP_PORT}/api/v1/health/live').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))`,
        ],
        interval: Duration.seconds(30),
        timeout: Duration.seconds(5),
        retries: 3,
        startPeriod: Duration.seconds(30),
      },
    });
    props.appSecrets.grantReadPrefix(taskDefinition.taskRole);
    props.phiKey.grantEncryptDecrypt(taskDefinition.taskRole);
    // Add and list anchors under this environment's prefix; never delete (a delete marker would
    // hide an anchor from listing even under Object Lock).
    const anchors = `audit-anchors/${env}/*`;
    props.auditAnchors.grantPut(taskDefinition.taskRole, anchors);
    props.auditAnchors.grantRead(taskDefinition.taskRole, anchors);

    this.migrationTask = new FargateTaskDefinition(this, 'MigrationTask', {
      family: `mentalspace-${env}-migrate`,
      cpu: 512,
      memoryLimitMiB: 1024,
      runtimePlatform,
    });
    this.migrationTask.addContainer('migrate', {
      ...container(props.migrationImageTag, 'migrate'),
      command: MIGRATE_COMMAND,
    });
    props.appSecrets.grantReadPrefix(this.migrationTask.taskRole);
    // The migration image also runs `keys:rotate` and `audit:verify` as one-off tasks.
    props.phiKey.grantEncryptDecrypt(this.migrationTask.taskRole);
    props.auditAnchors.grantPut(this.migrationTask.taskRole, anchors);
    props.auditAnchors.grantRead(this.migrationTask.taskRole, anchors);

    this.service = new FargateService(this, 'Service', {
      cluster: this.cluster,
      serviceName: `mentalspace-${env}-api`,
      taskDefinition,
      // No DesiredCount in the template: CloudFormation would reset a scaled-out service to it on
      // every deploy. The scaling target's minimum (2) sets the count instead.
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      circuitBreaker: { enable: true, rollback: true },
      securityGroups: [this.securityGroup],
      vpcSubnets: { subnetGroupName: SUBNET_GROUPS.app },
      assignPublicIp: false,
      enableExecuteCommand: false,
      healthCheckGracePeriod: Duration.seconds(60),
    });
    this.service.attachToApplicationTargetGroup(props.targetGroup);

    const scaling = this.service.autoScaleTaskCount({
      minCapacity: settings.compute.minTasks,
      maxCapacity: settings.compute.maxTasks,
    });
    scaling.scaleOnCpuUtilization('Cpu', {
      targetUtilizationPercent: CPU_TARGET_PERCENT,
      scaleInCooldown: Duration.minutes(5),
      scaleOutCooldown: Duration.minutes(1),
    });
    scaling.scaleOnRequestCount('Requests', {
      requestsPerTarget: REQUESTS_PER_TARGET,
      targetGroup: props.targetGroup,
      scaleInCooldown: Duration.minutes(5),
      scaleOutCooldown: Duration.minutes(1),
    });
  }
}
