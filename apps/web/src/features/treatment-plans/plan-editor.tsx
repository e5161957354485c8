import {
  ActionIcon,
  Button,
  Group,
  Paper,
  Select,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import type { TreatmentPlanContent } from '@mentalspace/contracts';

type Problem = TreatmentPlanContent['problems'][number];
type Goal = Problem['goals'][number];
type Objective = Goal['objectives'][number];

const newKey = (prefix: string) => `${prefix}-${Math.random().toString(36).slice(2, 10)}`;
const blankObjective = (): Objective => ({
  key: newKey('o'),
  statement: '',
  measure: '',
  targetDate: null,
  status: 'open',
});
const blankGoal = (): Goal => ({ key: newKey('g'), statement: '', objectives: [blankObjective()] });
const blankProblem = (): Problem => ({
  key: newKey('p'),
  statement: '',
  goals: [blankGoal()],
  interventions: [],
});

const replace = <T,>(list: T[], index: number, next: T) => list.map((item, i) => (i === index ? next : item));
const without = <T,>(list: T[], index: number) => list.filter((_, i) => i !== index);

/** Editing a draft plan: problems, their goals, measurable objectives with target dates, interventions. */
export function PlanEditor({
  content,
  onChange,
}: {
  content: TreatmentPlanContent;
  onChange: (next: TreatmentPlanContent) => void;
}) {
  const setProblem = (i: number, p: Problem) => onChange({ problems: replace(content.problems, i, p) });
  return (
    <Stack gap="md">
      {content.problems.map((p, i) => (
        <Paper key={p.key} withBorder p="md">
          <Group justify="space-between" align="flex-start">
            <Title order={4}>Problem {i + 1}</Title>
            <ActionIcon
              variant="subtle"
              color="red"
              aria-label={`Remove problem ${i + 1}`}
              onClick={() => onChange({ problems: without(content.problems, i) })}
            >
              ×
            </ActionIcon>
          </Group>
          <Textarea
            label={`Problem ${i + 1} statement`}
            autosize
            value={p.statement}
            onChange={(e) => setProblem(i, { ...p, statement: e.currentTarget.value })}
          />
          {p.goals.map((g, j) => (
            <Paper key={g.key} withBorder p="sm" mt="sm" bg="gray.0">
              <Group justify="space-between" align="flex-end">
                <TextInput
                  style={{ flex: 1 }}
                  label={`Goal ${i + 1}.${j + 1}`}
                  value={g.statement}
                  onChange={(e) =>
                    setProblem(i, {
                      ...p,
                      goals: replace(p.goals, j, { ...g, statement: e.currentTarget.value }),
                    })
                  }
                />
                <Button
                  variant="subtle"
                  color="red"
                  size="xs"
                  onClick={() => setProblem(i, { ...p, goals: without(p.goals, j) })}
                >
                  Remove goal
                </Button>
              </Group>
              {g.objectives.map((o, k) => {
                const label = `Objective ${i + 1}.${j + 1}.${k + 1}`;
                const setObjective = (next: Objective) =>
                  setProblem(i, {
                    ...p,
                    goals: replace(p.goals, j, { ...g, objectives: replace(g.objectives, k, next) }),
                  });
                return (
                  <Group key={o.key} align="flex-end" mt="xs" wrap="wrap">
                    <TextInput
                      style={{ flex: 2, minWidth: 220 }}
                      label={label}
                      value={o.statement}
                      onChange={(e) => setObjective({ ...o, statement: e.currentTarget.value })}
                    />
                    <TextInput
                      style={{ flex: 1, minWidth: 160 }}
                      label={`${label} measured by`}
                      placeholder="e.g. PHQ-9 below 10"
                      value={o.measure}
                      onChange={(e) => setObjective({ ...o, measure: e.currentTarget.value })}
                    />
                    <TextInput
                      type="date"
                      label={`${label} target date`}
                      value={o.targetDate ?? ''}
                      onChange={(e) => setObjective({ ...o, targetDate: e.currentTarget.value || null })}
                    />
                    <Select
                      w={140}
                      label={`${label} status`}
                      data={[
                        { value: 'open', label: 'Open' },
                        { value: 'met', label: 'Met' },
                        { value: 'revised', label: 'Revised' },
                        { value: 'discontinued', label: 'Discontinued' },
                      ]}
                      value={o.status}
                      allowDeselect={false}
                      onChange={(v) => setObjective({ ...o, status: v ?? 'open' })}
                    />
                  </Group>
                );
              })}
              <Button
                variant="subtle"
                size="xs"
                mt="xs"
                onClick={() =>
                  setProblem(i, {
                    ...p,
                    goals: replace(p.goals, j, { ...g, objectives: [...g.objectives, blankObjective()] }),
                  })
                }
              >
                Add objective
              </Button>
            </Paper>
          ))}
          <Button
            variant="subtle"
            size="xs"
            mt="xs"
            onClick={() => setProblem(i, { ...p, goals: [...p.goals, blankGoal()] })}
          >
            Add goal
          </Button>
          <Text fw={600} size="sm" mt="sm">
            Interventions
          </Text>
          {p.interventions.map((v, k) => (
            <Group key={v.key} align="flex-end" mt="xs">
              <TextInput
                style={{ flex: 2 }}
                label={`Intervention ${i + 1}.${k + 1}`}
                value={v.description}
                onChange={(e) =>
                  setProblem(i, {
                    ...p,
                    interventions: replace(p.interventions, k, { ...v, description: e.currentTarget.value }),
                  })
                }
              />
              <TextInput
                style={{ flex: 1 }}
                label={`Intervention ${i + 1}.${k + 1} frequency`}
                value={v.frequency}
                onChange={(e) =>
                  setProblem(i, {
                    ...p,
                    interventions: replace(p.interventions, k, { ...v, frequency: e.currentTarget.value }),
                  })
                }
              />
            </Group>
          ))}
          <Button
            variant="subtle"
            size="xs"
            mt="xs"
            onClick={() =>
              setProblem(i, {
                ...p,
                interventions: [...p.interventions, { key: newKey('i'), description: '', frequency: '' }],
              })
            }
          >
            Add intervention
          </Button>
        </Paper>
      ))}
      <Button
        variant="default"
        w="fit-content"
        onClick={() => onChange({ problems: [...content.problems, blankProblem()] })}
      >
        Add problem
      </Button>
    </Stack>
  );
}
