import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { currentInventory, INVENTORY_FILE } from '../scripts/asset-inventory';

describe('docs/compliance/asset-inventory.md', () => {
  it('matches the synthesized templates (regenerate with npm run inventory -w infra)', async () => {
    const expected = await currentInventory();
    expect(readFileSync(INVENTORY_FILE, 'utf8')).toBe(expected);
    for (const type of [
      'AWS::RDS::DBInstance',
      'AWS::ElastiCache::ReplicationGroup',
      'AWS::CloudTrail::Trail',
    ])
      expect(expected).toContain(type);
  });
});
