import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import {
  FlowLogDestination,
  FlowLogTrafficType,
  GatewayVpcEndpointAwsService,
  InterfaceVpcEndpointAwsService,
  IpAddresses,
  SubnetType,
  Vpc,
} from 'aws-cdk-lib/aws-ec2';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { EnvironmentSettings } from './environment-settings';

export const SUBNET_GROUPS = { public: 'public', app: 'app', database: 'database', cache: 'cache' } as const;

/**
 * A VPC across three AZs: public subnets hold only the load balancer and NAT gateways; the app
 * runs in private subnets; the database and cache sit in isolated subnets with no route out.
 * AWS APIs the app and ECS call are reached through VPC endpoints, so secrets and logs never
 * cross the NAT gateway.
 */
export class Network extends Construct {
  readonly vpc: Vpc;

  constructor(scope: Construct, id: string, props: { settings: EnvironmentSettings; logsKey: IKey }) {
    super(scope, id);
    const { settings } = props;

    const flowLogs = new LogGroup(this, 'FlowLogs', {
      retention: settings.logRetention,
      encryptionKey: props.logsKey,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.vpc = new Vpc(this, 'Vpc', {
      ipAddresses: IpAddresses.cidr('10.40.0.0/16'),
      maxAzs: 3,
      natGateways: settings.natGateways,
      restrictDefaultSecurityGroup: true,
      subnetConfiguration: [
        {
          name: SUBNET_GROUPS.public,
          subnetType: SubnetType.PUBLIC,
          cidrMask: 24,
          // Only the load balancer and NAT gateways live here; both bring their own addresses.
          mapPublicIpOnLaunch: false,
        },
        { name: SUBNET_GROUPS.app, subnetType: SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 20 },
        { name: SUBNET_GROUPS.database, subnetType: SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
        { name: SUBNET_GROUPS.cache, subnetType: SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
      flowLogs: {
        all: {
          destination: FlowLogDestination.toCloudWatchLogs(flowLogs),
          trafficType: FlowLogTrafficType.ALL,
        },
      },
    });

    Validations.of(this.vpc).acknowledge({
      id: 'CloudFormation-Validate::W3010',
      reason: 'AZ names are given explicitly (context or <region>a/b/c) so that synth never asks AWS',
    });

    // ECR layers come from S3.
    this.vpc.addGatewayEndpoint('S3', { service: GatewayVpcEndpointAwsService.S3 });
    const interfaceEndpoints = {
      SecretsManager: InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
      Kms: InterfaceVpcEndpointAwsService.KMS,
      EcrApi: InterfaceVpcEndpointAwsService.ECR,
      EcrDocker: InterfaceVpcEndpointAwsService.ECR_DOCKER,
      Logs: InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS,
      Sts: InterfaceVpcEndpointAwsService.STS,
    };
    for (const [name, service] of Object.entries(interfaceEndpoints)) {
      this.vpc.addInterfaceEndpoint(name, {
        service,
        privateDnsEnabled: true,
        subnets: { subnetGroupName: SUBNET_GROUPS.app },
      });
    }
  }
}
