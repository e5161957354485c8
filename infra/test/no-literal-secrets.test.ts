import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ENVIRONMENT_NAMES } from '../lib/environment-settings';
import { synthesize, TEST_ACCOUNT } from './synthesize';

// Accounts owned by AWS that CDK writes into templates on purpose: the us-east-1 ELB log-delivery
// account (ALB access-log bucket policy) and the Serverless Application Repository accounts
// (aws, aws-cn, aws-us-gov partitions) that publish the RDS rotation function.
const AWS_SERVICE_ACCOUNTS = new Set(['127311923021', '297356227824', '193023089310', '023102451235']);
const SECRET_KEY_NAME = /(password|token|secret|secretstring|apikey|api_key|privatekey|private_key)$/i;
const SECRET_ENV_NAME = /PASSWORD|TOKEN|API_KEY|PRIVATE_KEY|^(?!SECRETS_SOURCE$).*SECRET/;

interface Finding {
  where: string;
  what: string;
}

/** Walks a template and reports literal values where a secret would be. */
export function findLiteralSecrets(template: unknown, allowedAccounts: Set<string>): Finding[] {
  const findings: Finding[] = [];
  const text = JSON.stringify(template);
  for (const m of text.matchAll(/\b(AKIA|ASIA)[0-9A-Z]{16}\b/g))
    findings.push({ where: 'text', what: `AWS key id ${m[0]}` });
  for (const m of text.matchAll(/-----BEGIN [A-Z ]*PRIVATE KEY-----/g))
    findings.push({ where: 'text', what: m[0] });
  for (const m of text.matchAll(/(?<![\d.])\d{12}(?![\d.])/g))
    if (!allowedAccounts.has(m[0])) findings.push({ where: 'text', what: `account id ${m[0]}` });

  const walk = (node: unknown, path: string): void => {
    if (Array.isArray(node)) return node.forEach((child, i) => walk(child, `${path}[${i}]`));
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    // ECS environment entries: { Name, Value } with a literal value under a secret-looking name.
    if (typeof record.Name === 'string' && 'Value' in record && SECRET_ENV_NAME.test(record.Name))
      findings.push({ where: path, what: `environment variable ${record.Name} in plain text` });
    for (const [key, value] of Object.entries(record)) {
      if (SECRET_KEY_NAME.test(key) && typeof value === 'string' && !value.startsWith('{{resolve:'))
        findings.push({ where: `${path}.${key}`, what: 'literal value' });
      walk(value, `${path}.${key}`);
    }
  };
  walk(template, '$');
  return findings;
}

describe('synthesized templates', () => {
  const templates: Record<string, unknown> = {};
  beforeAll(() => {
    for (const environment of ENVIRONMENT_NAMES) {
      const { template, deliveryTemplate } = synthesize(environment, {
        context: { alarmEmail: 'ops@example.org' },
      });
      templates[environment] = template.toJSON();
      templates.delivery = deliveryTemplate.toJSON();
    }
  });

  for (const name of [...ENVIRONMENT_NAMES, 'delivery'])
    it(`hold no literal secret, key or foreign account id (${name})`, () => {
      expect(findLiteralSecrets(templates[name], new Set([TEST_ACCOUNT, ...AWS_SERVICE_ACCOUNTS]))).toEqual(
        [],
      );
    });

  it('pass secrets to RDS and ElastiCache only as Secrets Manager dynamic references', () => {
    const text = JSON.stringify(templates.prod);
    expect(text).toMatch(/MasterUserPassword":\{"Fn::Join":\["",\["\{\{resolve:secretsmanager:/);
    expect(text).toMatch(/"AuthToken":\{"Fn::Join":\["",\["\{\{resolve:secretsmanager:/);
  });
});

describe('the scanner', () => {
  it('catches what it is meant to catch', () => {
    const bad = {
      Resources: {
        Db: { Properties: { MasterUserPassword: 'hunter2hunter2' } },
        Task: { Properties: { Environment: [{ Name: 'STRIPE_SECRET_KEY', Value: 'x' }] } },
        Key: { Properties: { Note: `AKIA${'A'.repeat(16)}`, Owner: '210987654321' } },
      },
    };
    expect(findLiteralSecrets(bad, new Set()).map((f) => f.what)).toEqual([
      `AWS key id AKIA${'A'.repeat(16)}`,
      'account id 210987654321',
      'literal value',
      'environment variable STRIPE_SECRET_KEY in plain text',
    ]);
  });
});

describe('infrastructure source', () => {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const files = ['bin', 'lib', 'scripts'].flatMap((dir) =>
    readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts'))
      .map((f) => join(root, dir, f)),
  );

  it('names no account id and no key outside the tests', () => {
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      expect(text, file).not.toMatch(/(?<![\d.])\d{12}(?![\d.])/);
      expect(text, file).not.toMatch(/\b(AKIA|ASIA)[0-9A-Z]{16}\b/);
    }
  });
});
