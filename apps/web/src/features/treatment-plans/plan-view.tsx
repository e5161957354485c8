import { Badge, List, Paper, Stack, Text, Title } from '@mantine/core';
import type { TreatmentPlanContent } from '@mentalspace/contracts';

const OBJECTIVE_STATUS = {
  open: 'Open',
  met: 'Met',
  revised: 'Revised',
  discontinued: 'Discontinued',
} as const;

/** A plan's content, read-only: each problem with its goals, objectives and interventions. */
export function PlanView({ content }: { content: TreatmentPlanContent }) {
  return (
    <Stack gap="md">
      {content.problems.map((p, i) => (
        <Paper key={p.key} withBorder p="md">
          <Title order={4}>
            Problem {i + 1}: {p.statement}
          </Title>
          {p.goals.map((g, j) => (
            <Stack key={g.key} gap={4} mt="sm">
              <Text fw={600}>
                Goal {i + 1}.{j + 1}: {g.statement}
              </Text>
              <List size="sm" withPadding>
                {g.objectives.map((o, k) => (
                  <List.Item key={o.key}>
                    Objective {i + 1}.{j + 1}.{k + 1}: {o.statement}{' '}
                    <Text span c="dimmed" size="xs">
                      (measured by {o.measure || '—'}; target {o.targetDate ?? '—'})
                    </Text>{' '}
                    <Badge size="xs" variant="light" color={o.status === 'met' ? 'teal' : 'gray'}>
                      {OBJECTIVE_STATUS[o.status]}
                    </Badge>
                  </List.Item>
                ))}
              </List>
            </Stack>
          ))}
          {p.interventions.length ? (
            <Stack gap={4} mt="sm">
              <Text fw={600} size="sm">
                Interventions
              </Text>
              <List size="sm" withPadding>
                {p.interventions.map((v) => (
                  <List.Item key={v.key}>
                    {v.description}
                    {v.frequency ? ` — ${v.frequency}` : ''}
                  </List.Item>
                ))}
              </List>
            </Stack>
          ) : null}
        </Paper>
      ))}
    </Stack>
  );
}
