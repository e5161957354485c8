import { Annotations, Match } from 'aws-cdk-lib/assertions';
import type { Stack } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { DELIVERY_FINDINGS, ENVIRONMENT_FINDINGS } from '../lib/nag-suppressions';
import { synthesize, type Synthesized } from './synthesize';

const messages = (stack: Stack, level: 'error' | 'warning') => {
  const a = Annotations.fromStack(stack);
  const found = level === 'error' ? a.findError('*', Match.anyValue()) : a.findWarning('*', Match.anyValue());
  return found.map((m) => `${m.id}: ${JSON.stringify(m.entry.data)}`);
};

describe('cdk-nag HIPAA Security checks', () => {
  let prod: Synthesized;
  let dev: Synthesized;
  beforeAll(() => {
    prod = synthesize('prod', { nag: true, context: { geoBlockCountries: 'KP' } });
    dev = synthesize('dev', { nag: true });
  });

  it('report no unsuppressed error on the prod stack', () => {
    expect(messages(prod.stack, 'error')).toEqual([]);
  });

  it('report no unsuppressed error on the dev stack', () => {
    expect(messages(dev.stack, 'error')).toEqual([]);
  });

  it('report no unsuppressed error on the delivery stack', () => {
    expect(messages(prod.delivery, 'error')).toEqual([]);
  });

  it('warn only where a rule cannot read a port given by reference (endpoint and rotation security groups)', () => {
    for (const warning of messages(prod.stack, 'warning'))
      expect(warning).toMatch(/CdkNagValidationFailure\[HIPAA\.Security-EC2Restricted(CommonPorts|SSH)\]/);
  });

  it('record a reason for every accepted finding', () => {
    for (const finding of [...Object.values(ENVIRONMENT_FINDINGS), ...Object.values(DELIVERY_FINDINGS)]) {
      expect(finding.rule).toMatch(/^HIPAA\.Security-/);
      expect(finding.reason.length).toBeGreaterThan(40);
    }
  });
});
