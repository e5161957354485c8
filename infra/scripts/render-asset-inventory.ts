import { DELIVERY_FINDINGS, ENVIRONMENT_FINDINGS, type AcceptedFinding } from '../lib/nag-suppressions';

type Json = Record<string, unknown>;
interface Resource {
  Type: string;
  Properties?: Json;
  Metadata?: Json;
}
export interface InventoryInput {
  /** Stack name → synthesized CloudFormation template. */
  templates: Record<string, { Resources?: Record<string, Resource> }>;
}

const CONCERNS: Record<string, string> = {
  Keys: 'Encryption keys',
  Network: 'Network',
  Edge: 'Load balancer',
  Waf: 'WAF',
  Secrets: 'Secrets',
  Database: 'Database',
  Cache: 'Cache',
  Compute: 'Compute',
  Audit: 'Audit',
  Images: 'Delivery',
  GithubOidc: 'Delivery',
  GithubDeployRole: 'Delivery',
};

// Plumbing that says nothing about where data lives or how it is protected.
const NOISE = new Set([
  'AWS::CDK::Metadata',
  'AWS::EC2::SubnetRouteTableAssociation',
  'AWS::EC2::Route',
  'AWS::EC2::RouteTable',
  'AWS::EC2::VPCGatewayAttachment',
  'AWS::EC2::SecurityGroupIngress',
  'AWS::EC2::SecurityGroupEgress',
  'AWS::IAM::Policy',
  'AWS::Lambda::Permission',
]);

const str = (v: unknown): string =>
  typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);

const get = (o: unknown, ...keys: string[]): unknown =>
  keys.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Json)[k] : undefined), o);

function protection(r: Resource): string {
  const p = r.Properties ?? {};
  const kms = (v: unknown) => (v === undefined ? undefined : 'KMS (customer-managed key)');
  switch (r.Type) {
    case 'AWS::RDS::DBInstance':
      return [
        p.StorageEncrypted === true
          ? 'storage: ' + (kms(p.KmsKeyId) ?? 'AWS-managed key')
          : 'storage: UNENCRYPTED',
        'TLS forced (rds.force_ssl)',
        p.MultiAZ === true ? 'Multi-AZ' : 'single AZ',
        `backups ${str(p.BackupRetentionPeriod)} d (PITR) + AWS Backup 90 d`,
        p.DeletionProtection === true ? 'deletion protection' : '',
      ]
        .filter(Boolean)
        .join('; ');
    case 'AWS::ElastiCache::ReplicationGroup':
      return [
        p.AtRestEncryptionEnabled === true ? 'at rest: ' + (kms(p.KmsKeyId) ?? 'AWS-managed') : 'at rest: NO',
        p.TransitEncryptionEnabled === true ? 'TLS required' : 'no TLS',
        p.AuthToken !== undefined ? 'AUTH token from Secrets Manager' : 'no AUTH',
      ].join('; ');
    case 'AWS::S3::Bucket': {
      const first = get(
        p,
        'BucketEncryption',
        'ServerSideEncryptionConfiguration',
        '0',
        'ServerSideEncryptionByDefault',
        'SSEAlgorithm',
      );
      return `${first === 'aws:kms' ? 'SSE-KMS' : first === 'AES256' ? 'SSE-S3' : 'unencrypted'}; public access blocked; versioned`;
    }
    case 'AWS::Logs::LogGroup':
      return `${p.KmsKeyId !== undefined ? 'KMS' : 'CloudWatch default encryption'}; retention ${str(p.RetentionInDays ?? 'never expires')} d`;
    case 'AWS::SecretsManager::Secret':
      return p.KmsKeyId !== undefined ? 'KMS (secrets key)' : 'AWS-managed key';
    case 'AWS::SNS::Topic':
      return p.KmsMasterKeyId !== undefined ? 'KMS' : 'unencrypted';
    case 'AWS::Backup::BackupVault':
      return p.EncryptionKeyArn !== undefined ? 'KMS (data key)' : 'AWS-managed key';
    case 'AWS::KMS::Key':
      return p.EnableKeyRotation === true ? 'annual rotation' : 'no rotation';
    case 'AWS::CloudTrail::Trail':
      return [
        p.KMSKeyId !== undefined ? 'KMS' : 'SSE-S3',
        p.EnableLogFileValidation === true ? 'log-file validation' : '',
        p.IsMultiRegionTrail === true ? 'all regions' : '',
      ]
        .filter(Boolean)
        .join('; ');
    case 'AWS::ElasticLoadBalancingV2::Listener':
      return p.Protocol === 'HTTPS' ? `TLS (${str(p.SslPolicy)})` : 'redirect to HTTPS';
    case 'AWS::ECR::Repository':
      return [
        get(p, 'ImageScanningConfiguration', 'ScanOnPush') === true ? 'scan on push' : '',
        p.ImageTagMutability === 'IMMUTABLE' ? 'immutable tags' : '',
      ]
        .filter(Boolean)
        .join('; ');
    case 'AWS::IAM::Role':
      return get(p, 'AssumeRolePolicyDocument', 'Statement', '0', 'Action') ===
        'sts:AssumeRoleWithWebIdentity'
        ? 'assumed through GitHub OIDC only'
        : '';
    case 'AWS::ECS::TaskDefinition':
      return 'secrets injected from Secrets Manager';
    default:
      return '';
  }
}

function label(r: Resource): string {
  const path = str(r.Metadata?.['aws:cdk:path'] ?? '');
  return path
    .split('/')
    .slice(1)
    .filter((s) => s !== 'Resource')
    .join('/');
}

function findingsTable(findings: AcceptedFinding[]): string[] {
  return [
    '| rule | where | why it is accepted |',
    '| --- | --- | --- |',
    ...findings.map((f) => `| ${f.rule} | ${f.where} | ${f.reason} |`),
  ];
}

/** Markdown listing every resource the stacks create, grouped by concern, with its protection. */
export function renderAssetInventory(input: InventoryInput): string {
  const out: string[] = [
    '# Asset inventory (AWS)',
    '',
    '<!-- Generated by `npm run inventory -w infra` from the synthesized CDK templates; do not edit by hand. -->',
    '',
    'Every AWS resource the CDK app in `infra/` creates for one environment (shown: prod) and for',
    'delivery, grouped by concern, with how it protects what it holds. The same stacks serve dev and',
    'staging with smaller sizes (`infra/lib/environment-settings.ts`).',
    '',
  ];
  for (const [stackName, template] of Object.entries(input.templates)) {
    const resources = Object.values(template.Resources ?? {}).filter((r) => !NOISE.has(r.Type));
    const counts = new Map<string, number>();
    for (const r of resources) counts.set(r.Type, (counts.get(r.Type) ?? 0) + 1);
    out.push(
      `## ${stackName}`,
      '',
      `${resources.length} resources (routing, rule and policy plumbing omitted).`,
      '',
    );

    const groups = new Map<string, Resource[]>();
    for (const r of resources) {
      const top = label(r).split('/')[0] ?? '';
      const concern = CONCERNS[top] ?? 'Other';
      groups.set(concern, [...(groups.get(concern) ?? []), r]);
    }
    const order = [...new Set(Object.values(CONCERNS)), 'Other'];
    for (const concern of order) {
      const rows = groups.get(concern);
      if (!rows) continue;
      out.push(`### ${concern}`, '', '| resource | type | protection |', '| --- | --- | --- |');
      for (const r of rows.sort((a, b) => label(a).localeCompare(label(b))))
        out.push(`| ${label(r)} | ${r.Type} | ${protection(r)} |`);
      out.push('');
    }
    out.push('#### Resource counts', '', '| type | count |', '| --- | --- |');
    for (const [type, n] of [...counts].sort(([a], [b]) => a.localeCompare(b)))
      out.push(`| ${type} | ${n} |`);
    out.push('');
  }
  out.push(
    '## Accepted cdk-nag HIPAA Security findings',
    '',
    'The HIPAA Security pack runs in `infra/test/hipaa-nag.test.ts`; any finding not listed here fails it.',
    '',
    ...findingsTable([...Object.values(ENVIRONMENT_FINDINGS), ...Object.values(DELIVERY_FINDINGS)]),
    '',
  );
  return out.join('\n');
}
