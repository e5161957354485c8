import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { BackupPlan, BackupPlanRule, BackupResource, BackupVault } from 'aws-cdk-lib/aws-backup';
import { InstanceType, SecurityGroup, SubnetType, type IVpc } from 'aws-cdk-lib/aws-ec2';
import { Schedule } from 'aws-cdk-lib/aws-events';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import {
  CaCertificate,
  Credentials,
  DatabaseInstance,
  DatabaseInstanceEngine,
  ParameterGroup,
  PerformanceInsightRetention,
  PostgresEngineVersion,
  StorageType,
} from 'aws-cdk-lib/aws-rds';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import {
  BACKUP_RETENTION,
  RDS_AUTOMATED_BACKUP_RETENTION,
  secretName,
  type EnvironmentSettings,
} from './environment-settings';
import { SUBNET_GROUPS } from './network';

export const DATABASE_NAME = 'mentalspace';
export const DATABASE_PORT = 5432;
// Characters that would need escaping in a postgres:// URL or a shell are left out of the password.
const PASSWORD_EXCLUDED_CHARACTERS = ' %+~`#$&*()|[]{}:;<>?!\'/@"\\=,.^';

/**
 * RDS PostgreSQL: encrypted with the data key, TLS forced, IAM auth on, credentials generated
 * into Secrets Manager and rotated. RDS keeps 35 days of point-in-time recovery (its maximum);
 * AWS Backup keeps daily snapshots for 90 days in an encrypted vault.
 */
export class Database extends Construct {
  readonly instance: DatabaseInstance;
  readonly secret: ISecret;
  readonly securityGroup: SecurityGroup;

  constructor(
    scope: Construct,
    id: string,
    props: { settings: EnvironmentSettings; vpc: IVpc; dataKey: IKey; secretsKey: IKey },
  ) {
    super(scope, id);
    const { settings, vpc } = props;
    const engine = DatabaseInstanceEngine.postgres({ version: PostgresEngineVersion.VER_16 });

    this.securityGroup = new SecurityGroup(this, 'SecurityGroup', {
      vpc,
      allowAllOutbound: false,
      description: 'PostgreSQL: reachable from the app (and the rotation function) only',
    });

    const parameterGroup = new ParameterGroup(this, 'Parameters', {
      engine,
      description: 'MentalSpace: TLS only, SCRAM passwords, connection logging',
      parameters: {
        'rds.force_ssl': '1',
        password_encryption: 'scram-sha-256',
        log_connections: '1',
        log_disconnections: '1',
        // Statement logging would copy PHI from query parameters into the logs: keep it off.
        log_statement: 'none',
      },
    });

    this.instance = new DatabaseInstance(this, 'Instance', {
      engine,
      instanceType: new InstanceType(settings.database.instanceClass),
      vpc,
      vpcSubnets: { subnetGroupName: SUBNET_GROUPS.database },
      securityGroups: [this.securityGroup],
      port: DATABASE_PORT,
      databaseName: DATABASE_NAME,
      credentials: Credentials.fromGeneratedSecret('mentalspace_admin', {
        secretName: secretName(settings.name, 'database'),
        encryptionKey: props.secretsKey,
        excludeCharacters: PASSWORD_EXCLUDED_CHARACTERS,
      }),
      multiAz: settings.database.multiAz,
      storageType: StorageType.GP3,
      allocatedStorage: settings.database.allocatedStorageGiB,
      maxAllocatedStorage: settings.database.maxAllocatedStorageGiB,
      storageEncrypted: true,
      storageEncryptionKey: props.dataKey,
      caCertificate: CaCertificate.RDS_CA_RSA2048_G1,
      parameterGroup,
      iamAuthentication: true,
      enablePerformanceInsights: true,
      performanceInsightEncryptionKey: props.dataKey,
      performanceInsightRetention: PerformanceInsightRetention.DEFAULT,
      monitoringInterval: Duration.seconds(60),
      cloudwatchLogsExports: ['postgresql', 'upgrade'],
      cloudwatchLogsRetention: settings.logRetention,
      backupRetention: RDS_AUTOMATED_BACKUP_RETENTION,
      preferredBackupWindow: '07:00-08:00',
      preferredMaintenanceWindow: 'sun:08:30-sun:09:30',
      copyTagsToSnapshot: true,
      autoMinorVersionUpgrade: true,
      publiclyAccessible: false,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.SNAPSHOT,
    });
    if (!this.instance.secret) throw new Error('the database instance has no generated secret');
    this.secret = this.instance.secret;

    this.instance.addRotationSingleUser({
      automaticallyAfter: Duration.days(30),
      excludeCharacters: PASSWORD_EXCLUDED_CHARACTERS,
      vpcSubnets: { subnetType: SubnetType.PRIVATE_WITH_EGRESS },
    });

    const vault = new BackupVault(this, 'BackupVault', {
      encryptionKey: props.dataKey,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const plan = new BackupPlan(this, 'BackupPlan', { backupVault: vault });
    plan.addRule(
      new BackupPlanRule({
        ruleName: 'Daily90Days',
        scheduleExpression: Schedule.cron({ hour: '5', minute: '0' }),
        deleteAfter: BACKUP_RETENTION,
        startWindow: Duration.hours(1),
        completionWindow: Duration.hours(4),
      }),
    );
    plan.addSelection('Database', { resources: [BackupResource.fromRdsDatabaseInstance(this.instance)] });
  }
}
