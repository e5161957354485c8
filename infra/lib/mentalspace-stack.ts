import { CfnOutput, Stack, Tags, Token, type StackProps } from 'aws-cdk-lib';
import { Port } from 'aws-cdk-lib/aws-ec2';
import { Repository } from 'aws-cdk-lib/aws-ecr';
import { HostedZone } from 'aws-cdk-lib/aws-route53';
import type { Construct } from 'constructs';
import { AppSecrets } from './app-secrets';
import { Audit } from './audit';
import { Cache, CACHE_PORT } from './cache';
import { Compute } from './compute';
import { Database, DATABASE_PORT } from './database';
import { EncryptionKeys } from './encryption-keys';
import {
  IMAGE_REPOSITORY_NAME,
  settingsFor,
  type EnvironmentName,
  type EnvironmentSettings,
} from './environment-settings';
import { LoadBalancer } from './load-balancer';
import { Network } from './network';
import { addNagSuppressions } from './nag-suppressions';
import { WebAcl } from './web-acl';

export interface MentalSpaceStackProps extends StackProps {
  environmentName: EnvironmentName;
  domainName: string;
  hostedZoneId: string;
  /** The zone's apex, when the app's name is a subdomain of it; defaults to `domainName`. */
  hostedZoneName?: string | undefined;
  /** The tag the service runs; during a deploy it lags `imageTag` until migrations have run. */
  serviceImageTag: string;
  imageTag: string;
  geoBlockCountries?: string[] | undefined;
  alarmEmail?: string | undefined;
  /**
   * The coturn host for telehealth (docs/telehealth.md): STUN and TURN URLs point at it and the
   * API mints credentials from the `telehealth-turn` secret. Unset: peers use STUN-less host
   * candidates only, which works on one network but not across most home routers.
   */
  turnHost?: string | undefined;
  /** Explicit AZ names; default `<region>a`, `b`, `c`, so synth never has to ask AWS. */
  availabilityZones?: string[] | undefined;
}

/** One environment of MentalSpace EHR: network, edge, compute, data stores, secrets and audit. */
export class MentalSpaceStack extends Stack {
  private readonly azs: string[];
  readonly settings: EnvironmentSettings;
  readonly keys: EncryptionKeys;
  readonly network: Network;
  readonly loadBalancer: LoadBalancer;
  readonly webAcl: WebAcl;
  readonly database: Database;
  readonly cache: Cache;
  readonly compute: Compute;
  readonly audit: Audit;
  readonly appSecrets: AppSecrets;

  constructor(scope: Construct, id: string, props: MentalSpaceStackProps) {
    super(scope, id, props);
    const region = this.region;
    if (!props.availabilityZones && Token.isUnresolved(region)) {
      throw new Error('MentalSpaceStack needs a concrete region (env.region) or explicit availabilityZones');
    }
    this.azs = props.availabilityZones ?? ['a', 'b', 'c'].map((suffix) => `${region}${suffix}`);

    const settings = (this.settings = settingsFor(props.environmentName));
    Tags.of(this).add('Application', 'mentalspace-ehr');
    Tags.of(this).add('Environment', settings.name);
    Tags.of(this).add('ManagedBy', 'cdk');
    Tags.of(this).add('DataClassification', 'phi');

    this.keys = new EncryptionKeys(this, 'Keys', { settings });
    this.network = new Network(this, 'Network', { settings, logsKey: this.keys.logs });
    const vpc = this.network.vpc;

    const webAclMetricName = `mentalspace-${settings.name}`;
    this.audit = new Audit(this, 'Audit', {
      settings,
      logsKey: this.keys.logs,
      webAclMetricName,
      alarmEmail: props.alarmEmail,
    });

    const hostedZone = HostedZone.fromHostedZoneAttributes(this, 'Zone', {
      hostedZoneId: props.hostedZoneId,
      zoneName: props.hostedZoneName ?? props.domainName,
    });
    this.loadBalancer = new LoadBalancer(this, 'Edge', {
      settings,
      vpc,
      domainName: props.domainName,
      hostedZone,
      serverAccessLogsBucket: this.audit.serverAccessLogs,
    });
    this.webAcl = new WebAcl(this, 'Waf', {
      settings,
      loadBalancerArn: this.loadBalancer.alb.loadBalancerArn,
      logsKey: this.keys.logs,
      geoBlockCountries: props.geoBlockCountries ?? [],
    });

    const appSecrets = (this.appSecrets = new AppSecrets(this, 'Secrets', {
      settings,
      key: this.keys.secrets,
    }));
    this.database = new Database(this, 'Database', {
      settings,
      vpc,
      dataKey: this.keys.data,
      secretsKey: this.keys.secrets,
    });
    this.cache = new Cache(this, 'Cache', {
      settings,
      vpc,
      dataKey: this.keys.data,
      secretsKey: this.keys.secrets,
      logsKey: this.keys.logs,
    });

    this.compute = new Compute(this, 'Compute', {
      settings,
      vpc,
      repository: Repository.fromRepositoryName(this, 'Images', IMAGE_REPOSITORY_NAME),
      serviceImageTag: props.serviceImageTag,
      migrationImageTag: props.imageTag,
      targetGroup: this.loadBalancer.targetGroup,
      logsKey: this.keys.logs,
      appSecrets,
      databaseSecret: this.database.secret,
      databaseEndpoint: {
        hostname: this.database.instance.dbInstanceEndpointAddress,
        port: this.database.instance.dbInstanceEndpointPort,
      },
      cacheUrl: this.cache.url,
      cacheAuthToken: this.cache.authToken,
      phiKey: this.keys.phi,
      auditAnchors: this.audit.auditAnchors,
      publicUrl: `https://${props.domainName}`,
      turnHost: props.turnHost,
    });

    // Least privilege between tiers: only the app reaches the database and the cache.
    const app = this.compute.securityGroup;
    this.database.securityGroup.addIngressRule(app, Port.tcp(DATABASE_PORT), 'PostgreSQL from the API tasks');
    app.addEgressRule(this.database.securityGroup, Port.tcp(DATABASE_PORT), 'PostgreSQL');
    this.cache.securityGroup.addIngressRule(app, Port.tcp(CACHE_PORT), 'Redis from the API tasks');
    app.addEgressRule(this.cache.securityGroup, Port.tcp(CACHE_PORT), 'Redis');

    // Read by the deploy workflow to run the migration task and to know what the service runs.
    new CfnOutput(this, 'ClusterName', { value: this.compute.cluster.clusterName });
    new CfnOutput(this, 'MigrationTaskDefinitionArn', {
      value: this.compute.migrationTask.taskDefinitionArn,
    });
    new CfnOutput(this, 'AppSubnetIds', {
      value: vpc.selectSubnets({ subnetGroupName: 'app' }).subnetIds.join(','),
    });
    new CfnOutput(this, 'AppSecurityGroupId', { value: app.securityGroupId });
    new CfnOutput(this, 'ServiceImageTag', { value: props.serviceImageTag });
    new CfnOutput(this, 'LoadBalancerDnsName', { value: this.loadBalancer.alb.loadBalancerDnsName });

    addNagSuppressions(this);
  }

  override get availabilityZones(): string[] {
    return this.azs;
  }
}
