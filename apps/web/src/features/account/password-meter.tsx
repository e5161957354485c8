import { List, Progress, Stack, Text } from '@mantine/core';
import { evaluatePassword, type PasswordPolicy } from '@mentalspace/contracts';

const BAND_COLORS = {
  Weak: 'red',
  Fair: 'orange',
  Good: 'yellow',
  Strong: 'teal',
  Excellent: 'green',
} as const;

/** Live strength and the rules still unmet; the server re-checks, adding the blocklist and history. */
export function PasswordMeter({
  password,
  policy,
  person,
}: {
  password: string;
  policy: PasswordPolicy;
  person: { email: string; firstName: string; lastName: string };
}) {
  const result = evaluatePassword(password, policy, person);
  return (
    <Stack gap={6} aria-live="polite">
      <Progress
        value={result.score}
        color={BAND_COLORS[result.band]}
        aria-label="Password strength"
        size="sm"
      />
      <Text size="sm">
        Strength: <strong>{password ? result.band : '—'}</strong>
        {password ? ` (${result.score}/100)` : ''}
      </Text>
      {password && result.unmet.length > 0 ? (
        <List size="sm" c="dimmed" aria-label="Unmet password rules">
          {result.unmet.map((u) => (
            <List.Item key={u.rule}>{u.message}</List.Item>
          ))}
        </List>
      ) : null}
    </Stack>
  );
}
