import { Text } from '@mantine/core';

/** `distinctClients` → `distinct clients`: the rules name their evidence in camelCase. */
const words = (key: string) => key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
function shown(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (Array.isArray(value)) return value.map(shown).join(', ');
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return String(value);
  return JSON.stringify(value);
}

/** What a rule saw when it raised the alert, as a compact `key: value` list. */
export function AlertEvidence({ evidence }: { evidence: Record<string, unknown> }) {
  const entries = Object.entries(evidence);
  if (entries.length === 0) return null;
  return (
    <Text component="dl" size="xs" c="dimmed" m={0} aria-label="Evidence">
      {entries.map(([key, value]) => (
        <div key={key} style={{ display: 'inline-block', marginRight: 12 }}>
          <dt style={{ display: 'inline' }}>{words(key)}:</dt>{' '}
          <dd style={{ display: 'inline', margin: 0 }}>{shown(value)}</dd>
        </div>
      ))}
    </Text>
  );
}
