import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { CfnLoggingConfiguration, CfnWebACL, CfnWebACLAssociation } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import type { EnvironmentSettings } from './environment-settings';

export const RATE_LIMIT_PER_5_MINUTES = 2_000;

export interface WebAclProps {
  settings: EnvironmentSettings;
  loadBalancerArn: string;
  logsKey: IKey;
  /** ISO 3166-1 alpha-2 codes to block, from context `geoBlockCountries`. */
  geoBlockCountries: string[];
}

function visibility(metricName: string): CfnWebACL.VisibilityConfigProperty {
  return { cloudWatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true };
}

function managedRule(name: string, priority: number): CfnWebACL.RuleProperty {
  return {
    name,
    priority,
    overrideAction: { none: {} },
    statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
    visibilityConfig: visibility(name),
  };
}

/**
 * WAF in front of the load balancer: per-IP rate limit, AWS managed rule groups, no anonymous
 * clients without a User-Agent, and optional geo-blocking. Logs redact credentials.
 */
export class WebAcl extends Construct {
  readonly webAcl: CfnWebACL;
  readonly metricName: string;

  constructor(scope: Construct, id: string, props: WebAclProps) {
    super(scope, id);
    const env = props.settings.name;
    this.metricName = `mentalspace-${env}`;

    const rules: CfnWebACL.RuleProperty[] = [
      {
        name: 'RateLimitPerIp',
        priority: 0,
        action: { block: {} },
        statement: {
          rateBasedStatement: {
            limit: RATE_LIMIT_PER_5_MINUTES,
            evaluationWindowSec: 300,
            aggregateKeyType: 'IP',
          },
        },
        visibilityConfig: visibility('RateLimitPerIp'),
      },
      {
        // A request without the header has no "user-agent" key to match: NOT(key present) blocks it;
        // an empty value is caught by the size check.
        name: 'BlockMissingUserAgent',
        priority: 1,
        action: { block: {} },
        statement: {
          orStatement: {
            statements: [
              {
                notStatement: {
                  statement: {
                    byteMatchStatement: {
                      fieldToMatch: {
                        headers: {
                          matchPattern: { includedHeaders: ['user-agent'] },
                          matchScope: 'KEY',
                          oversizeHandling: 'MATCH',
                        },
                      },
                      positionalConstraint: 'EXACTLY',
                      searchString: 'user-agent',
                      textTransformations: [{ priority: 0, type: 'LOWERCASE' }],
                    },
                  },
                },
              },
              {
                sizeConstraintStatement: {
                  fieldToMatch: { singleHeader: { Name: 'user-agent' } },
                  comparisonOperator: 'EQ',
                  size: 0,
                  textTransformations: [{ priority: 0, type: 'NONE' }],
                },
              },
            ],
          },
        },
        visibilityConfig: visibility('BlockMissingUserAgent'),
      },
      managedRule('AWSManagedRulesCommonRuleSet', 2),
      managedRule('AWSManagedRulesKnownBadInputsRuleSet', 3),
      managedRule('AWSManagedRulesSQLiRuleSet', 4),
    ];
    if (props.geoBlockCountries.length > 0) {
      rules.push({
        name: 'GeoBlock',
        priority: 5,
        action: { block: {} },
        statement: { geoMatchStatement: { countryCodes: props.geoBlockCountries } },
        visibilityConfig: visibility('GeoBlock'),
      });
    }

    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      name: `mentalspace-${env}`,
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: visibility(this.metricName),
      rules,
    });
    new CfnWebACLAssociation(this, 'Association', {
      resourceArn: props.loadBalancerArn,
      webAclArn: this.webAcl.attrArn,
    });

    // WAF requires log group names that start with aws-waf-logs-.
    const logGroup = new LogGroup(this, 'Logs', {
      logGroupName: `aws-waf-logs-mentalspace-${env}`,
      retention: props.settings.logRetention,
      encryptionKey: props.logsKey,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    new CfnLoggingConfiguration(this, 'Logging', {
      resourceArn: this.webAcl.attrArn,
      logDestinationConfigs: [
        Stack.of(this).formatArn({
          service: 'logs',
          resource: 'log-group',
          resourceName: logGroup.logGroupName,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      ],
      // Session cookies and bearer tokens must not land in logs.
      redactedFields: [{ singleHeader: { Name: 'authorization' } }, { singleHeader: { Name: 'cookie' } }],
    });
  }
}
