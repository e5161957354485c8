import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { READINESS_PATH } from '../lib/load-balancer';
import { RATE_LIMIT_PER_5_MINUTES } from '../lib/web-acl';
import { resourceOf, synthesize } from './synthesize';

let template: Template;

beforeAll(() => {
  ({ template } = synthesize('prod', { context: { geoBlockCountries: 'KP,IR' } }));
});

type Rule = { IpProtocol: string; FromPort?: number; ToPort?: number; CidrIp?: string };
const ingressOf = (props: Record<string, unknown>) => (props.SecurityGroupIngress ?? []) as Rule[];
const sgId = (prefix: string) =>
  Object.keys(template.findResources('AWS::EC2::SecurityGroup')).find((id) => id.startsWith(prefix))!;

describe('network', () => {
  it('spans three AZs with public, app, database and cache subnets', () => {
    template.resourceCountIs('AWS::EC2::Subnet', 12);
    const azs = new Set(
      Object.values(template.findResources('AWS::EC2::Subnet')).map((s) => s.Properties.AvailabilityZone),
    );
    expect(azs).toEqual(new Set(['us-east-1a', 'us-east-1b', 'us-east-1c']));
    template.resourceCountIs('AWS::EC2::NatGateway', 3);
  });

  it('keeps database and cache subnets without a route out', () => {
    const routes = Object.entries(template.findResources('AWS::EC2::Route'));
    const isolated = routes.filter(([id]) => /database|cache/.test(id));
    expect(isolated).toEqual([]);
  });

  it('does not give public addresses on launch, even in public subnets', () => {
    for (const subnet of Object.values(template.findResources('AWS::EC2::Subnet')))
      expect(subnet.Properties.MapPublicIpOnLaunch ?? false).toBe(false);
  });

  it('reaches Secrets Manager, KMS, ECR, CloudWatch Logs and STS through VPC endpoints', () => {
    const services = Object.values(template.findResources('AWS::EC2::VPCEndpoint')).map((e) =>
      JSON.stringify(e.Properties.ServiceName),
    );
    for (const name of ['secretsmanager', 'kms', 'ecr.api', 'ecr.dkr', 'logs', 'sts', 's3'])
      expect(services.some((s) => s.includes(`.${name}`))).toBe(true);
  });

  it('records every flow to encrypted CloudWatch Logs', () => {
    template.hasResourceProperties('AWS::EC2::FlowLog', { TrafficType: 'ALL', ResourceType: 'VPC' });
  });
});

describe('load balancer', () => {
  it('terminates TLS with a TLS 1.3 policy and an ACM certificate validated in Route 53', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Protocol: 'HTTPS',
      Port: 443,
      SslPolicy: Match.stringLikeRegexp('TLS13'),
      Certificates: [{ CertificateArn: { Ref: Match.anyValue() } }],
    });
    template.hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: 'app.ehr.example.org',
      ValidationMethod: 'DNS',
    });
  });

  it('redirects HTTP to HTTPS', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Protocol: 'HTTP',
      Port: 80,
      DefaultActions: [
        { Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } },
      ],
    });
  });

  it('checks targets on the readiness endpoint', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      HealthCheckPath: READINESS_PATH,
      Port: 3000,
      TargetType: 'ip',
      Matcher: { HttpCode: '200' },
    });
  });

  it('has deletion protection, drops invalid headers and logs access in prod', () => {
    const lb = resourceOf(template, 'AWS::ElasticLoadBalancingV2::LoadBalancer');
    const attributes = Object.fromEntries(
      (lb.LoadBalancerAttributes as { Key: string; Value: string }[]).map((a) => [a.Key, a.Value]),
    );
    expect(attributes).toMatchObject({
      'deletion_protection.enabled': 'true',
      'routing.http.drop_invalid_header_fields.enabled': 'true',
      'access_logs.s3.enabled': 'true',
    });
    expect(lb.Scheme).toBe('internet-facing');
  });

  it('writes access logs to an encrypted, private, TLS-only bucket', () => {
    const bucket = resourceOf(template, 'AWS::S3::Bucket', 'EdgeAccessLogs');
    expect(bucket).toMatchObject({
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
    const policy = JSON.stringify(resourceOf(template, 'AWS::S3::BucketPolicy', 'EdgeAccessLogs'));
    expect(policy).toContain('aws:SecureTransport');
  });

  it('points A and AAAA alias records at the load balancer', () => {
    for (const type of ['A', 'AAAA'])
      template.hasResourceProperties('AWS::Route53::RecordSet', {
        Name: 'app.ehr.example.org.',
        Type: type,
        HostedZoneId: 'Z0EXAMPLE00000',
        AliasTarget: Match.objectLike({ DNSName: Match.anyValue() }),
      });
  });
});

describe('security groups (least privilege)', () => {
  it('opens only 80 and 443 to the internet, on the load balancer alone', () => {
    for (const [id, sg] of Object.entries(template.findResources('AWS::EC2::SecurityGroup'))) {
      const open = ingressOf(sg.Properties).filter((r) => r.CidrIp === '0.0.0.0/0');
      if (id.startsWith('EdgeSecurityGroup')) expect(open.map((r) => r.FromPort).sort()).toEqual([443, 80]);
      else expect(open).toEqual([]);
    }
  });

  it('lets only the load balancer reach the app port', () => {
    const app = sgId('ComputeSecurityGroup');
    const ingress = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress')).filter(
      (r) => r.Properties.GroupId?.['Fn::GetAtt']?.[0] === app,
    );
    expect(ingress).toHaveLength(1);
    expect(ingress[0]!.Properties).toMatchObject({
      FromPort: 3000,
      ToPort: 3000,
      SourceSecurityGroupId: { 'Fn::GetAtt': [sgId('EdgeSecurityGroup'), 'GroupId'] },
    });
  });

  it('lets only the app (and the rotation function) reach the database, and only the app the cache', () => {
    const app = { 'Fn::GetAtt': [sgId('ComputeSecurityGroup'), 'GroupId'] };
    const sources = (target: string) =>
      Object.values(template.findResources('AWS::EC2::SecurityGroupIngress'))
        .filter((r) => r.Properties.GroupId?.['Fn::GetAtt']?.[0] === target)
        .map((r) => ({ from: r.Properties.SourceSecurityGroupId, port: r.Properties.FromPort }));
    const db = sources(sgId('DatabaseSecurityGroup'));
    expect(db).toContainEqual({ from: app, port: 5432 });
    // The rotation function's rule names the instance's port by reference.
    expect(db.filter((s) => JSON.stringify(s.from) !== JSON.stringify(app))).toEqual([
      {
        from: { 'Fn::GetAtt': [expect.stringMatching(/RotationSingleUserSecurityGroup/), 'GroupId'] },
        port: { 'Fn::GetAtt': [expect.stringMatching(/^DatabaseInstance/), 'Endpoint.Port'] },
      },
    ]);
    expect(sources(sgId('CacheSecurityGroup'))).toEqual([{ from: app, port: 6379 }]);
  });

  it('lets the load balancer send only to the app port', () => {
    const egress = Object.values(template.findResources('AWS::EC2::SecurityGroupEgress')).filter(
      (r) => r.Properties.GroupId?.['Fn::GetAtt']?.[0] === sgId('EdgeSecurityGroup'),
    );
    expect(egress.map((r) => r.Properties.FromPort)).toEqual([3000]);
  });
});

describe('WAF', () => {
  const rules = () =>
    resourceOf(template, 'AWS::WAFv2::WebACL').Rules as {
      Name: string;
      Statement: Record<string, unknown>;
    }[];

  it('is associated with the load balancer', () => {
    template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
      ResourceArn: { Ref: Match.stringLikeRegexp('EdgeAlb') },
    });
  });

  it(`rate-limits each IP to ${RATE_LIMIT_PER_5_MINUTES} requests per 5 minutes`, () => {
    const rate = rules().find((r) => r.Name === 'RateLimitPerIp')!;
    expect(rate.Statement.RateBasedStatement).toEqual({
      Limit: 2000,
      EvaluationWindowSec: 300,
      AggregateKeyType: 'IP',
    });
  });

  it('runs the AWS Core, Known bad inputs and SQL injection rule sets', () => {
    const managed = rules()
      .map((r) => (r.Statement.ManagedRuleGroupStatement as { Name?: string } | undefined)?.Name)
      .filter(Boolean);
    expect(managed).toEqual([
      'AWSManagedRulesCommonRuleSet',
      'AWSManagedRulesKnownBadInputsRuleSet',
      'AWSManagedRulesSQLiRuleSet',
    ]);
  });

  it('blocks requests without a User-Agent', () => {
    const rule = rules().find((r) => r.Name === 'BlockMissingUserAgent')!;
    expect(JSON.stringify(rule.Statement)).toContain('user-agent');
    expect(rule).toMatchObject({ Action: { Block: {} } });
  });

  it('blocks the countries named in context', () => {
    const geo = rules().find((r) => r.Name === 'GeoBlock')!;
    expect(geo.Statement).toEqual({ GeoMatchStatement: { CountryCodes: ['KP', 'IR'] } });
  });

  it('logs to an aws-waf-logs- group with credentials redacted', () => {
    template.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
      RedactedFields: [{ SingleHeader: { Name: 'authorization' } }, { SingleHeader: { Name: 'cookie' } }],
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: 'aws-waf-logs-mentalspace-prod' });
  });
});

describe('compute', () => {
  const apiContainer = () =>
    (
      resourceOf(template, 'AWS::ECS::TaskDefinition', 'ComputeTask').ContainerDefinitions as Record<
        string,
        unknown
      >[]
    )[0]!;

  it('runs on Fargate between 2 and 100 tasks with a circuit breaker that rolls back', () => {
    const service = resourceOf(template, 'AWS::ECS::Service');
    expect(service).toMatchObject({
      LaunchType: 'FARGATE',
      DeploymentConfiguration: {
        DeploymentCircuitBreaker: { Enable: true, Rollback: true },
        MinimumHealthyPercent: 100,
      },
      NetworkConfiguration: { AwsvpcConfiguration: { AssignPublicIp: 'DISABLED' } },
    });
    // Left out on purpose: CloudFormation would reset a scaled-out service on each deploy.
    expect(service.DesiredCount).toBeUndefined();
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      MinCapacity: 2,
      MaxCapacity: 100,
    });
  });

  it('scales on CPU and on ALB requests per target', () => {
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({
        PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' },
      }),
    });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({
        PredefinedMetricSpecification: Match.objectLike({ PredefinedMetricType: 'ALBRequestCountPerTarget' }),
      }),
    });
  });

  it('injects secrets from Secrets Manager and keeps none in plain environment variables', () => {
    const container = apiContainer();
    const secrets = (container.Secrets as { Name: string }[]).map((s) => s.Name).sort();
    expect(secrets).toEqual([
      'DATABASE_PASSWORD',
      'DATABASE_USERNAME',
      'REDIS_AUTH_TOKEN',
      'SESSION_SECRET',
      'SESSION_SECRET_PREVIOUS',
    ]);
    const environment = container.Environment as { Name: string; Value: unknown }[];
    for (const variable of environment)
      expect(variable.Name).not.toMatch(/PASSWORD|SECRET(?!S_SOURCE)|TOKEN|API_KEY/);
    expect(Object.fromEntries(environment.map((v) => [v.Name, v.Value]))).toMatchObject({
      NODE_ENV: 'production',
      PORT: '3000',
      SECRETS_SOURCE: 'aws',
      MENTALSPACE_ENVIRONMENT: 'prod',
      MIGRATE_ON_START: 'false',
    });
  });

  it('points telehealth at the coturn host when one is given, with its secret from Secrets Manager', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'mentalspace/prod/telehealth-turn',
      GenerateSecretString: Match.objectLike({ GenerateStringKey: 'secret' }),
    });
    expect((apiContainer().Environment as { Name: string }[]).map((v) => v.Name)).not.toContain(
      'TELEHEALTH_TURN_URLS',
    );
    const withTurn = synthesize('prod', { context: { turnHost: 'turn.example.org' } }).template;
    const container = (
      resourceOf(withTurn, 'AWS::ECS::TaskDefinition', 'ComputeTask').ContainerDefinitions as Record<
        string,
        unknown
      >[]
    )[0]!;
    const environment = Object.fromEntries(
      (container.Environment as { Name: string; Value: unknown }[]).map((v) => [v.Name, v.Value]),
    );
    expect(environment).toMatchObject({
      TELEHEALTH_STUN_URLS: 'stun:turn.example.org:3478',
      TELEHEALTH_TURN_URLS:
        'turn:turn.example.org:3478?transport=udp,turns:turn.example.org:5349?transport=tcp',
    });
    expect((container.Secrets as { Name: string }[]).map((s) => s.Name)).toContain('TELEHEALTH_TURN_SECRET');
  });

  it('runs the image the context names, as a non-root user, logging to CloudWatch with retention', () => {
    const container = apiContainer();
    expect(JSON.stringify(container.Image)).toContain('mentalspace-ehr:sha-new');
    expect(container.User).toBe('1000');
    expect(container).toMatchObject({ LogConfiguration: { LogDriver: 'awslogs' } });
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      RetentionInDays: 365,
      KmsKeyId: Match.anyValue(),
    });
  });

  it('defines a one-off migration task with the same secrets and the migrate entry point', () => {
    const migrate = (
      resourceOf(template, 'AWS::ECS::TaskDefinition', 'ComputeMigrationTask').ContainerDefinitions as Record<
        string,
        unknown
      >[]
    )[0]!;
    expect(migrate.Command).toEqual(['node', 'apps/api/dist/migrate.js']);
    expect((migrate.Secrets as unknown[]).length).toBe((apiContainer().Secrets as unknown[]).length);
  });

  it('lets the tasks read only their environment’s secrets', () => {
    const policies = JSON.stringify(template.findResources('AWS::IAM::Policy'));
    expect(policies).toContain('secret:mentalspace/prod/*');
    expect(policies).not.toMatch(/secret:\*"/);
  });

  it('anchors the audit chain in an Object Lock bucket the tasks can add to but never delete from', () => {
    const bucket = resourceOf(template, 'AWS::S3::Bucket', 'AuditAuditAnchors');
    expect(bucket).toMatchObject({
      ObjectLockEnabled: true,
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 6 * 365 } },
      },
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          expect.objectContaining({
            ServerSideEncryptionByDefault: expect.objectContaining({ SSEAlgorithm: 'aws:kms' }),
          }),
        ],
      },
    });
    const environment = Object.fromEntries(
      (apiContainer().Environment as { Name: string; Value: unknown }[]).map((v) => [v.Name, v.Value]),
    );
    expect(environment).toMatchObject({ AUDIT_ANCHOR_PREFIX: 'audit-anchors/prod/' });
    expect(environment.AUDIT_ANCHOR_BUCKET).toBeDefined();

    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
      (p) =>
        (
          p.Properties as {
            PolicyDocument: { Statement: { Action: string | string[]; Resource: unknown }[] };
          }
        ).PolicyDocument.Statement,
    );
    const onAnchors = statements.filter((s) => JSON.stringify(s.Resource).includes('AuditAuditAnchors'));
    const actions = onAnchors.flatMap((s) => [s.Action].flat());
    expect(actions).toEqual(expect.arrayContaining(['s3:PutObject', 's3:PutObjectRetention', 's3:List*']));
    expect(actions.filter((a) => /Delete|PutBucket|BypassGovernance/.test(a))).toEqual([]);
    expect(JSON.stringify(onAnchors)).toContain('/audit-anchors/prod/*');
  });
});

describe('database', () => {
  const instance = () => resourceOf(template, 'AWS::RDS::DBInstance');

  it('is PostgreSQL, Multi-AZ, encrypted with the customer-managed data key, and protected from deletion', () => {
    expect(instance()).toMatchObject({
      Engine: 'postgres',
      MultiAZ: true,
      StorageEncrypted: true,
      KmsKeyId: { 'Fn::GetAtt': [expect.stringMatching(/^KeysData/), 'Arn'] },
      DeletionProtection: true,
      PubliclyAccessible: false,
      EnableIAMDatabaseAuthentication: true,
      EnablePerformanceInsights: true,
    });
  });

  it('keeps 35 days of point-in-time recovery and 90 days of daily backups in an encrypted vault', () => {
    expect(instance().BackupRetentionPeriod).toBe(35);
    template.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: {
        BackupPlanRule: [Match.objectLike({ Lifecycle: { DeleteAfterDays: 90 } })],
        BackupPlanName: Match.anyValue(),
      },
    });
    template.hasResourceProperties('AWS::Backup::BackupVault', { EncryptionKeyArn: Match.anyValue() });
  });

  it('forces TLS in its parameter group', () => {
    template.hasResourceProperties('AWS::RDS::DBParameterGroup', {
      Parameters: Match.objectLike({ 'rds.force_ssl': '1' }),
    });
  });

  it('generates its credentials into Secrets Manager and rotates them', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'mentalspace/prod/database',
      GenerateSecretString: Match.objectLike({ GenerateStringKey: 'password' }),
    });
    template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      RotationRules: { ScheduleExpression: 'rate(30 days)' },
    });
    expect(JSON.stringify(instance().MasterUserPassword)).toContain('resolve:secretsmanager');
  });
});

describe('cache', () => {
  it('encrypts in transit and at rest and authenticates with a token from Secrets Manager', () => {
    const group = resourceOf(template, 'AWS::ElastiCache::ReplicationGroup');
    expect(group).toMatchObject({
      Engine: 'redis',
      TransitEncryptionEnabled: true,
      AtRestEncryptionEnabled: true,
      AutomaticFailoverEnabled: true,
      MultiAZEnabled: true,
    });
    expect(JSON.stringify(group.AuthToken)).toMatch(/resolve:secretsmanager:.*:SecretString:authToken/);
    template.hasResourceProperties('AWS::SecretsManager::Secret', { Name: 'mentalspace/prod/redis' });
  });
});

describe('audit', () => {
  it('keeps a multi-region, validated, encrypted CloudTrail', () => {
    template.hasResourceProperties('AWS::CloudTrail::Trail', {
      IsMultiRegionTrail: true,
      EnableLogFileValidation: true,
      IncludeGlobalServiceEvents: true,
      KMSKeyId: Match.anyValue(),
      CloudWatchLogsLogGroupArn: Match.anyValue(),
    });
  });

  it('alarms on root use, unauthorized API calls and WAF blocks, to an encrypted topic', () => {
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: Match.stringLikeRegexp('userIdentity.type = "Root"'),
    });
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: Match.stringLikeRegexp('UnauthorizedOperation'),
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/WAFV2',
      MetricName: 'BlockedRequests',
    });
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
    expect(alarms).toHaveLength(3);
    for (const alarm of alarms) expect(alarm.Properties.AlarmActions).toHaveLength(1);
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
  });
});

describe('keys and secrets', () => {
  it('rotates every customer-managed key', () => {
    const keys = Object.values(template.findResources('AWS::KMS::Key'));
    // data, secrets, logs, and the one that wraps the app's PHI data keys
    expect(keys).toHaveLength(4);
    for (const key of keys) expect(key.Properties.EnableKeyRotation).toBe(true);
  });

  it('gives the API tasks (and the migration task, which runs keys:rotate) the PHI key, by reference', () => {
    const container = (
      resourceOf(template, 'AWS::ECS::TaskDefinition', 'ComputeTask').ContainerDefinitions as Record<
        string,
        unknown
      >[]
    )[0]!;
    const environment = Object.fromEntries(
      (container.Environment as { Name: string; Value: unknown }[]).map((v) => [v.Name, v.Value]),
    );
    expect(JSON.stringify(environment.PHI_KMS_KEY_ID)).toContain('Fn::GetAtt');
    const grants = Object.values(template.findResources('AWS::IAM::Policy')).filter((p) =>
      JSON.stringify(p).includes('kms:GenerateDataKey*'),
    );
    expect(grants.length).toBeGreaterThanOrEqual(2);
  });

  it('generates the signing secret without putting its value in the template', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'mentalspace/prod/session',
      GenerateSecretString: Match.objectLike({ GenerateStringKey: 'current', PasswordLength: 96 }),
    });
  });

  it('tags every taggable resource with the application and environment', () => {
    template.hasResourceProperties('AWS::RDS::DBInstance', {
      Tags: Match.arrayWith([
        { Key: 'Application', Value: 'mentalspace-ehr' },
        { Key: 'Environment', Value: 'prod' },
      ]),
    });
  });

  it('publishes the outputs the deploy workflow reads', () => {
    const outputs = Object.keys(template.toJSON().Outputs as object);
    for (const name of [
      'ClusterName',
      'MigrationTaskDefinitionArn',
      'AppSubnetIds',
      'AppSecurityGroupId',
      'ServiceImageTag',
    ])
      expect(outputs).toContain(name);
  });
});
