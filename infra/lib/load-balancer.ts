import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Certificate, CertificateValidation } from 'aws-cdk-lib/aws-certificatemanager';
import { Peer, Port, SecurityGroup, type IVpc } from 'aws-cdk-lib/aws-ec2';
import {
  ApplicationLoadBalancer,
  ApplicationProtocol,
  ApplicationTargetGroup,
  SslPolicy,
  TargetType,
  type ApplicationListener,
} from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { ARecord, AaaaRecord, RecordTarget, type IHostedZone } from 'aws-cdk-lib/aws-route53';
import { LoadBalancerTarget } from 'aws-cdk-lib/aws-route53-targets';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  ObjectOwnership,
  type IBucket,
} from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { APP_PORT, type EnvironmentSettings } from './environment-settings';
import { SUBNET_GROUPS } from './network';

export const READINESS_PATH = '/api/v1/health/ready';

export interface LoadBalancerProps {
  settings: EnvironmentSettings;
  vpc: IVpc;
  domainName: string;
  hostedZone: IHostedZone;
  /** Where S3 server access logs of the access-log bucket go. */
  serverAccessLogsBucket: IBucket;
}

/**
 * The internet-facing entry: HTTPS only (TLS 1.3 policy; port 80 just redirects), a DNS-validated
 * certificate, alias records, and access logs. Its security group may only talk to the app port.
 */
export class LoadBalancer extends Construct {
  readonly alb: ApplicationLoadBalancer;
  readonly httpsListener: ApplicationListener;
  readonly targetGroup: ApplicationTargetGroup;
  readonly securityGroup: SecurityGroup;
  readonly accessLogs: Bucket;

  constructor(scope: Construct, id: string, props: LoadBalancerProps) {
    super(scope, id);
    const { settings, vpc } = props;

    // ALB access logs only support SSE-S3 (not SSE-KMS) as the bucket's default encryption.
    const accessLogs = (this.accessLogs = new Bucket(this, 'AccessLogs', {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      serverAccessLogsBucket: props.serverAccessLogsBucket,
      serverAccessLogsPrefix: 'alb-access-logs/',
      lifecycleRules: [
        { expiration: settings.accessLogRetention, noncurrentVersionExpiration: Duration.days(30) },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    }));

    this.securityGroup = new SecurityGroup(this, 'SecurityGroup', {
      vpc,
      allowAllOutbound: false,
      description:
        'Load balancer: HTTPS and the redirecting HTTP port from anywhere; out only to the app port',
    });
    this.securityGroup.addIngressRule(Peer.anyIpv4(), Port.tcp(443), 'HTTPS');
    this.securityGroup.addIngressRule(Peer.anyIpv4(), Port.tcp(80), 'HTTP, redirected to HTTPS');

    this.alb = new ApplicationLoadBalancer(this, 'Alb', {
      vpc,
      internetFacing: true,
      securityGroup: this.securityGroup,
      vpcSubnets: { subnetGroupName: SUBNET_GROUPS.public },
      deletionProtection: settings.production,
      dropInvalidHeaderFields: true,
      idleTimeout: Duration.seconds(60),
    });
    this.alb.logAccessLogs(accessLogs, 'alb');

    const certificate = new Certificate(this, 'Certificate', {
      domainName: props.domainName,
      validation: CertificateValidation.fromDns(props.hostedZone),
    });

    this.targetGroup = new ApplicationTargetGroup(this, 'App', {
      vpc,
      port: APP_PORT,
      protocol: ApplicationProtocol.HTTP,
      targetType: TargetType.IP,
      // The server drains for up to 15 s on SIGTERM; give it that and a little more.
      deregistrationDelay: Duration.seconds(30),
      healthCheck: {
        path: READINESS_PATH,
        healthyHttpCodes: '200',
        interval: Duration.seconds(15),
        timeout: Duration.seconds(5),
        healthyThresholdCount: 2,
        unhealthyThresholdCount: 3,
      },
    });

    this.httpsListener = this.alb.addListener('Https', {
      port: 443,
      protocol: ApplicationProtocol.HTTPS,
      certificates: [certificate],
      sslPolicy: SslPolicy.TLS13_RES,
      open: false,
      defaultTargetGroups: [this.targetGroup],
    });
    this.alb.addRedirect({ sourcePort: 80, targetPort: 443, open: false });

    const target = RecordTarget.fromAlias(new LoadBalancerTarget(this.alb));
    new ARecord(this, 'AliasA', { zone: props.hostedZone, recordName: props.domainName, target });
    new AaaaRecord(this, 'AliasAaaa', { zone: props.hostedZone, recordName: props.domainName, target });
  }
}
