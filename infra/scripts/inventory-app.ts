import { App, type Stack } from 'aws-cdk-lib';
import { buildApp } from '../lib/build-app';
import type { EnvironmentName } from '../lib/environment-settings';

/**
 * The context the asset inventory (and the tests) synthesize with: placeholders for names that
 * differ per deployment. No account is set, so none can leak into the generated document.
 */
export const INVENTORY_CONTEXT = {
  domainName: 'ehr.example.org',
  hostedZoneId: 'ZEXAMPLEZONEID',
  imageTag: 'release',
  githubRepository: 'example-org/mentalspace-ehr',
} as const;
export const INVENTORY_REGION = 'us-east-1';

export function synthesizeForInventory(environment: EnvironmentName): {
  environment: Stack;
  delivery: Stack;
} {
  const app = new App({
    context: { ...INVENTORY_CONTEXT, environment, 'aws:cdk:enable-path-metadata': true },
  });
  const built = buildApp(app, { region: INVENTORY_REGION });
  if (!built.environment || !built.delivery) throw new Error('the inventory app must hold both stacks');
  return { environment: built.environment, delivery: built.delivery };
}
