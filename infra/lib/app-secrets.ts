import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { secretName, type EnvironmentSettings } from './environment-settings';

/**
 * The secrets the infrastructure generates itself. The signing secret is created here with a
 * random value that never appears in the template; third-party credentials (OpenAI, Stripe,
 * Twilio, …) are put under the same `mentalspace/<env>/` prefix by scripts/migrate-secrets-to-aws.ts
 * and read by the app at runtime, so the app's role is granted the whole prefix.
 */
export class AppSecrets extends Construct {
  readonly session: Secret;
  /** coturn's static-auth-secret: the API signs short-lived TURN credentials with it (JSON: secret). */
  readonly telehealthTurn: Secret;
  private readonly settings: EnvironmentSettings;
  private readonly key: IKey;

  constructor(scope: Construct, id: string, props: { settings: EnvironmentSettings; key: IKey }) {
    super(scope, id);
    this.settings = props.settings;
    this.key = props.key;
    this.session = new Secret(this, 'Session', {
      secretName: secretName(props.settings.name, 'session'),
      description: 'Signing secret for access tokens and CSRF tokens (JSON: current, previous)',
      encryptionKey: props.key,
      removalPolicy: RemovalPolicy.RETAIN,
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ previous: '' }),
        generateStringKey: 'current',
        passwordLength: 96,
        excludePunctuation: true,
      },
    });
    this.telehealthTurn = new Secret(this, 'TelehealthTurn', {
      secretName: secretName(props.settings.name, 'telehealth-turn'),
      description:
        'coturn static-auth-secret for telehealth TURN credentials (JSON: secret); set the same on coturn',
      encryptionKey: props.key,
      removalPolicy: RemovalPolicy.RETAIN,
      generateSecretString: {
        secretStringTemplate: JSON.stringify({}),
        generateStringKey: 'secret',
        passwordLength: 64,
        excludePunctuation: true,
      },
    });
  }

  /** Read access to every secret under `mentalspace/<env>/` (runtime refresh, health check). */
  grantReadPrefix(grantee: IGrantable): void {
    const stack = Stack.of(this);
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
        resources: [
          stack.formatArn({
            service: 'secretsmanager',
            resource: 'secret',
            resourceName: secretName(this.settings.name, '*'),
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        ],
      }),
    );
    this.key.grantDecrypt(grantee);
  }
}
