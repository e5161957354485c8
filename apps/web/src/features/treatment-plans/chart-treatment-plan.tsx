import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { Empty, LoadError, Loading } from '../../components/query-state';
import { api, ApiError } from '../../lib/api';
import { dayKey } from '../../lib/format';
import { PlanView } from './plan-view';

export const PLAN_STATUS = {
  draft: { label: 'Draft', color: 'yellow' },
  active: { label: 'Active', color: 'teal' },
  superseded: { label: 'Superseded', color: 'gray' },
} as const;

/** The chart's treatment plan tab: the active plan, the history, and starting a plan or a revision. */
export function ChartTreatmentPlan({
  clientId,
  canWrite,
  timeZone,
}: {
  clientId: string;
  canWrite: boolean;
  timeZone: string;
}) {
  const active = useQuery({
    queryKey: ['treatment-plan-active', clientId],
    queryFn: () => api.activeTreatmentPlan(clientId),
  });
  const history = useQuery({
    queryKey: ['treatment-plans', clientId],
    queryFn: () => api.treatmentPlans(clientId),
  });
  const plan = active.data?.plan ?? null;
  return (
    <Stack gap="md">
      {canWrite ? <StartPlan clientId={clientId} timeZone={timeZone} hasActive={plan !== null} /> : null}
      <Paper withBorder p="lg">
        <Group justify="space-between" mb="sm">
          <Title order={3}>Active treatment plan</Title>
          {plan ? (
            <Text size="sm" c={plan.reviewDue ? 'red' : 'dimmed'}>
              Effective {plan.effectiveDate} · review {plan.reviewDue ? 'overdue since' : 'by'}{' '}
              {plan.reviewDate}
            </Text>
          ) : null}
        </Group>
        {active.isPending ? (
          <Loading label="Loading the treatment plan…" />
        ) : active.isError ? (
          <LoadError error={active.error} onRetry={() => void active.refetch()} />
        ) : !plan ? (
          <Empty>No signed treatment plan yet.</Empty>
        ) : plan.content ? (
          <PlanView content={plan.content} />
        ) : (
          <Alert color="gray">The plan’s content is not shown to your role.</Alert>
        )}
      </Paper>
      <Paper withBorder p="lg">
        <Title order={3} mb="sm">
          All plans
        </Title>
        {history.isPending ? (
          <Loading label="Loading plans…" />
        ) : history.isError ? (
          <LoadError error={history.error} onRetry={() => void history.refetch()} />
        ) : history.data.items.length === 0 ? (
          <Empty>No plans yet.</Empty>
        ) : (
          <Table aria-label="Treatment plans">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Effective</Table.Th>
                <Table.Th>Review by</Table.Th>
                <Table.Th>Author</Table.Th>
                <Table.Th>Status</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {history.data.items.map((p) => (
                <Table.Tr key={p.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/treatment-plans/${p.id}`}>
                      {p.effectiveDate}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{p.reviewDate}</Table.Td>
                  <Table.Td>{p.authorName}</Table.Td>
                  <Table.Td>
                    <Badge color={PLAN_STATUS[p.status].color} variant="light">
                      {PLAN_STATUS[p.status].label}
                    </Badge>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
    </Stack>
  );
}

function StartPlan({
  clientId,
  timeZone,
  hasActive,
}: {
  clientId: string;
  timeZone: string;
  hasActive: boolean;
}) {
  const navigate = useNavigate();
  // Today, and a review in 90 days (a common interval), computed once when the form appears.
  const [effectiveDate, setEffectiveDate] = useState(() => dayKey(new Date(), timeZone));
  const [reviewDate, setReviewDate] = useState(() =>
    dayKey(new Date(Date.now() + 90 * 86_400_000), timeZone),
  );
  const start = useMutation({
    mutationFn: () => api.createTreatmentPlan(clientId, { effectiveDate, reviewDate, fromActive: hasActive }),
    onSuccess: (plan) => void navigate(`/treatment-plans/${plan.id}`),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    start.mutate();
  };
  const error = (field: string) =>
    start.error instanceof ApiError
      ? start.error.fieldErrors.find((f) => f.field === `body.${field}`)?.message
      : undefined;
  return (
    <Paper withBorder p="lg">
      <form onSubmit={submit} aria-label="Start a treatment plan">
        <Group align="flex-end">
          <TextInput
            type="date"
            label="Effective"
            value={effectiveDate}
            onChange={(e) => setEffectiveDate(e.currentTarget.value)}
            error={error('effectiveDate')}
          />
          <TextInput
            type="date"
            label="Review by"
            value={reviewDate}
            onChange={(e) => setReviewDate(e.currentTarget.value)}
            error={error('reviewDate')}
          />
          <Button type="submit" loading={start.isPending}>
            {hasActive ? 'Revise the plan' : 'Start a treatment plan'}
          </Button>
        </Group>
      </form>
    </Paper>
  );
}
