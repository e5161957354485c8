import { RemovalPolicy } from 'aws-cdk-lib';
import { SecurityGroup, type IVpc } from 'aws-cdk-lib/aws-ec2';
import { CfnReplicationGroup, CfnSubnetGroup } from 'aws-cdk-lib/aws-elasticache';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { secretName, type EnvironmentSettings } from './environment-settings';
import { SUBNET_GROUPS } from './network';

export const CACHE_PORT = 6379;

/**
 * ElastiCache Redis (sessions' idle timers, rate limits, Socket.IO pub/sub): TLS required, at-rest
 * encryption under the data key, AUTH token generated into Secrets Manager and passed to the
 * cluster as a dynamic reference, so the token never appears in the template.
 */
export class Cache extends Construct {
  readonly replicationGroup: CfnReplicationGroup;
  readonly authToken: Secret;
  readonly securityGroup: SecurityGroup;

  constructor(
    scope: Construct,
    id: string,
    props: { settings: EnvironmentSettings; vpc: IVpc; dataKey: IKey; secretsKey: IKey; logsKey: IKey },
  ) {
    super(scope, id);
    const { settings, vpc } = props;
    const env = settings.name;

    this.securityGroup = new SecurityGroup(this, 'SecurityGroup', {
      vpc,
      allowAllOutbound: false,
      description: 'Redis: reachable from the app only',
    });

    this.authToken = new Secret(this, 'AuthToken', {
      secretName: secretName(env, 'redis'),
      description: 'ElastiCache Redis AUTH token (JSON: authToken)',
      encryptionKey: props.secretsKey,
      removalPolicy: RemovalPolicy.RETAIN,
      generateSecretString: {
        secretStringTemplate: JSON.stringify({}),
        generateStringKey: 'authToken',
        passwordLength: 64,
        // Redis AUTH tokens allow printable ASCII except @, " and /: letters and digits are safe.
        excludePunctuation: true,
      },
    });

    const subnetGroup = new CfnSubnetGroup(this, 'SubnetGroup', {
      description: `MentalSpace ${env} cache subnets`,
      subnetIds: vpc.selectSubnets({ subnetGroupName: SUBNET_GROUPS.cache }).subnetIds,
    });

    const slowLog = new LogGroup(this, 'SlowLog', {
      retention: settings.logRetention,
      encryptionKey: props.logsKey,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const replicated = settings.cache.nodes > 1;
    this.replicationGroup = new CfnReplicationGroup(this, 'ReplicationGroup', {
      replicationGroupDescription: `MentalSpace ${env} Redis`,
      engine: 'redis',
      engineVersion: '7.1',
      cacheNodeType: settings.cache.nodeType,
      numCacheClusters: settings.cache.nodes,
      automaticFailoverEnabled: replicated,
      multiAzEnabled: replicated,
      cacheSubnetGroupName: subnetGroup.ref,
      securityGroupIds: [this.securityGroup.securityGroupId],
      port: CACHE_PORT,
      transitEncryptionEnabled: true,
      transitEncryptionMode: 'required',
      atRestEncryptionEnabled: true,
      kmsKeyId: props.dataKey.keyArn,
      authToken: this.authToken.secretValueFromJson('authToken').unsafeUnwrap(),
      autoMinorVersionUpgrade: true,
      snapshotRetentionLimit: settings.production ? 7 : 1,
      snapshotWindow: '06:00-07:00',
      preferredMaintenanceWindow: 'sun:09:30-sun:10:30',
      logDeliveryConfigurations: [
        {
          destinationType: 'cloudwatch-logs',
          destinationDetails: { cloudWatchLogsDetails: { logGroup: slowLog.logGroupName } },
          logFormat: 'json',
          logType: 'slow-log',
        },
      ],
    });
  }

  /** `rediss://host:port` without credentials; the app adds the AUTH token from Secrets Manager. */
  get url(): string {
    return `rediss://${this.replicationGroup.attrPrimaryEndPointAddress}:${this.replicationGroup.attrPrimaryEndPointPort}`;
  }
}
