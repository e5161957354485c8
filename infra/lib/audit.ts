import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Trail, ReadWriteType } from 'aws-cdk-lib/aws-cloudtrail';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { FilterPattern, LogGroup, MetricFilter, RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  ObjectLockRetention,
  ObjectOwnership,
  StorageClass,
} from 'aws-cdk-lib/aws-s3';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import type { EnvironmentSettings } from './environment-settings';

/** Six years: HIPAA's retention for documentation of security activity (§164.316(b)(2)). */
export const AUDIT_TRAIL_RETENTION = Duration.days(6 * 365);
export const WAF_BLOCKS_ALARM_THRESHOLD = 1_000;

export interface AuditProps {
  settings: EnvironmentSettings;
  logsKey: IKey;
  /** WAF metric name of the web ACL whose blocked requests raise an alarm. */
  webAclMetricName: string;
  /** From context `alarmEmail`; alarms go to the topic either way. */
  alarmEmail?: string | undefined;
}

/**
 * CloudTrail for every region with log-file validation, kept six years, also streamed to
 * CloudWatch Logs for the alarms: root account use, unauthorized API calls, and a surge of
 * requests blocked by the WAF. The bucket for S3 server access logs lives here too.
 */
export class Audit extends Construct {
  readonly trail: Trail;
  readonly alarmTopic: Topic;
  readonly serverAccessLogs: Bucket;
  readonly trailBucket: Bucket;
  /**
   * Where the API anchors its audit hash chains' heads (apps/api/src/audit/anchors/): Object Lock
   * in compliance mode, so no one, the root account included, can delete or overwrite an anchor
   * for six years, whatever happens to the database.
   */
  readonly auditAnchors: Bucket;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: AuditProps) {
    super(scope, id);
    const { settings } = props;
    const stack = Stack.of(this);

    this.serverAccessLogs = new Bucket(this, 'ServerAccessLogs', {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      lifecycleRules: [{ expiration: AUDIT_TRAIL_RETENTION }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // Private, KMS-encrypted, versioned and logged: the trail's bucket and the anchors' alike.
    const auditBucket = {
      encryption: BucketEncryption.KMS,
      encryptionKey: props.logsKey,
      bucketKeyEnabled: true,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      serverAccessLogsBucket: this.serverAccessLogs,
      removalPolicy: RemovalPolicy.RETAIN,
    };
    const trailBucket = (this.trailBucket = new Bucket(this, 'TrailBucket', {
      ...auditBucket,
      serverAccessLogsPrefix: 'cloudtrail/',
      lifecycleRules: [
        {
          transitions: [
            { storageClass: StorageClass.GLACIER_INSTANT_RETRIEVAL, transitionAfter: Duration.days(90) },
          ],
          expiration: AUDIT_TRAIL_RETENTION,
        },
      ],
    }));

    this.auditAnchors = new Bucket(this, 'AuditAnchors', {
      ...auditBucket,
      objectLockEnabled: true,
      objectLockDefaultRetention: ObjectLockRetention.compliance(AUDIT_TRAIL_RETENTION),
      serverAccessLogsPrefix: 'audit-anchors/',
    });

    const trailLogs = new LogGroup(this, 'TrailLogs', {
      retention: RetentionDays.ONE_YEAR,
      encryptionKey: props.logsKey,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.trail = new Trail(this, 'Trail', {
      trailName: `mentalspace-${settings.name}`,
      bucket: trailBucket,
      encryptionKey: props.logsKey,
      enableFileValidation: true,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      managementEvents: ReadWriteType.ALL,
      sendToCloudWatchLogs: true,
      cloudWatchLogGroup: trailLogs,
    });

    this.alarmTopic = new Topic(this, 'Alarms', {
      displayName: `MentalSpace ${settings.name} security alarms`,
      masterKey: props.logsKey,
      enforceSSL: true,
    });
    if (props.alarmEmail) this.alarmTopic.addSubscription(new EmailSubscription(props.alarmEmail));
    const action = new SnsAction(this.alarmTopic);

    const trailAlarm = (name: string, pattern: string, description: string) => {
      const filter = new MetricFilter(this, `${name}Filter`, {
        logGroup: trailLogs,
        filterPattern: FilterPattern.literal(pattern),
        metricNamespace: 'MentalSpace/Security',
        metricName: `${name}-${settings.name}`,
        metricValue: '1',
      });
      const alarm = new Alarm(this, `${name}Alarm`, {
        alarmDescription: description,
        metric: filter.metric({ statistic: 'Sum', period: Duration.minutes(5) }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      alarm.addAlarmAction(action);
      this.alarms.push(alarm);
    };
    // CIS AWS Foundations 4.3 and 4.1.
    trailAlarm(
      'RootAccountUsage',
      '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
      'The root account was used',
    );
    trailAlarm(
      'UnauthorizedApiCalls',
      '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }',
      'An AWS API call was refused for lack of permission',
    );

    const wafBlocks = new Alarm(this, 'WafBlockedRequestsAlarm', {
      alarmDescription: `More than ${WAF_BLOCKS_ALARM_THRESHOLD} requests blocked by the WAF in 5 minutes`,
      metric: new Metric({
        namespace: 'AWS/WAFV2',
        metricName: 'BlockedRequests',
        dimensionsMap: { WebACL: props.webAclMetricName, Region: stack.region, Rule: 'ALL' },
        statistic: 'Sum',
        period: Duration.minutes(5),
      }),
      threshold: WAF_BLOCKS_ALARM_THRESHOLD,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    wafBlocks.addAlarmAction(action);
    this.alarms.push(wafBlocks);
  }
}
