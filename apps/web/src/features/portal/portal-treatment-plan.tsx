import { Alert, Badge, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { LoadError, Loading } from '../../components/query-state';
import { api } from '../../lib/api';
import { PlanView } from '../treatment-plans/plan-view';

/** The client's active treatment plan, to read and acknowledge with their typed name. */
export function PortalTreatmentPlan() {
  const queryClient = useQueryClient();
  const plan = useQuery({ queryKey: ['portal-treatment-plan'], queryFn: api.portalTreatmentPlan });
  const [name, setName] = useState('');
  const sign = useMutation({
    mutationFn: (planId: string) => api.portalSignTreatmentPlan(planId, name),
    onSuccess: (data) => queryClient.setQueryData(['portal-treatment-plan'], data),
  });
  if (plan.isPending) return <Loading label="Loading your treatment plan…" />;
  if (plan.isError) return <LoadError error={plan.error} onRetry={() => void plan.refetch()} />;
  const current = plan.data.plan;
  if (!current) return null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    sign.mutate(current.id);
  };
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Text fw={600}>Your treatment plan</Text>
        {current.clientSignedAt ? (
          <Badge color="teal" variant="light">
            Signed {new Date(current.clientSignedAt).toLocaleDateString()}
          </Badge>
        ) : null}
      </Group>
      <Text size="sm" c="dimmed">
        Effective {current.effectiveDate} · to be reviewed by {current.reviewDate}
      </Text>
      <PlanView content={current.content} />
      {!current.clientSignedAt ? (
        <form onSubmit={submit} aria-label="Sign your treatment plan">
          {sign.error ? (
            <Alert color="red" role="alert" mb="xs">
              {sign.error.message}
            </Alert>
          ) : null}
          <Group align="flex-end">
            <TextInput
              label="Type your full name to sign the plan"
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
            />
            <Button type="submit" loading={sign.isPending} disabled={name.trim().length < 2}>
              Sign the plan
            </Button>
          </Group>
        </form>
      ) : null}
    </Stack>
  );
}
