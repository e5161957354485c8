import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import type { EnvironmentSettings } from './environment-settings';

/**
 * Customer-managed keys, one per kind of data so that a key policy names only the services that
 * need it: `data` (RDS storage, Performance Insights, ElastiCache, backups), `secrets` (Secrets
 * Manager) and `logs` (CloudWatch Logs, CloudTrail, alarm notifications).
 */
export class EncryptionKeys extends Construct {
  readonly data: Key;
  readonly secrets: Key;
  readonly logs: Key;
  /** Wraps the app's field-level PHI data keys (the API's key ring); only the API tasks use it. */
  readonly phi: Key;

  constructor(scope: Construct, id: string, props: { settings: EnvironmentSettings }) {
    super(scope, id);
    const env = props.settings.name;
    const stack = Stack.of(this);
    const common = {
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
      pendingWindow: Duration.days(30),
    };
    this.data = new Key(this, 'Data', {
      ...common,
      alias: `alias/mentalspace/${env}/data`,
      description: `MentalSpace ${env}: database, cache and backup encryption`,
    });
    this.secrets = new Key(this, 'Secrets', {
      ...common,
      alias: `alias/mentalspace/${env}/secrets`,
      description: `MentalSpace ${env}: Secrets Manager encryption`,
    });
    this.phi = new Key(this, 'Phi', {
      ...common,
      alias: `alias/mentalspace/${env}/phi`,
      description: `MentalSpace ${env}: wraps the application's field-level PHI data keys`,
    });
    this.logs = new Key(this, 'Logs', {
      ...common,
      alias: `alias/mentalspace/${env}/logs`,
      description: `MentalSpace ${env}: logs, audit trail and alarm notifications`,
    });

    this.logs.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchLogs',
        principals: [new ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': `arn:${stack.partition}:logs:${stack.region}:${stack.account}:*`,
          },
        },
      }),
    );
    this.logs.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudTrail',
        principals: [new ServicePrincipal('cloudtrail.amazonaws.com')],
        actions: ['kms:GenerateDataKey*', 'kms:DescribeKey'],
        resources: ['*'],
        conditions: {
          StringLike: {
            'kms:EncryptionContext:aws:cloudtrail:arn': `arn:${stack.partition}:cloudtrail:*:${stack.account}:trail/*`,
          },
        },
      }),
    );
    // Alarms publish to an encrypted topic: CloudWatch needs the key to do so.
    this.logs.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsToEncryptedTopic',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
  }
}
