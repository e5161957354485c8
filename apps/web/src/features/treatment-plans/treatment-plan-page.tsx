import {
  Alert,
  Anchor,
  Badge,
  Breadcrumbs,
  Button,
  Group,
  List,
  Modal,
  Paper,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { TreatmentPlan, TreatmentPlanContent } from '@mentalspace/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ErrorFallback } from '../../components/error-fallback';
import { LoadError, Loading } from '../../components/query-state';
import { api, ApiError } from '../../lib/api';
import { PLAN_STATUS } from './chart-treatment-plan';
import { PlanEditor } from './plan-editor';
import { PlanView } from './plan-view';

export function TreatmentPlanPage() {
  const { id = '' } = useParams();
  const plan = useQuery({
    queryKey: ['treatment-plan', id],
    queryFn: () => api.treatmentPlan(id),
    staleTime: Infinity,
  });
  if (plan.isPending) return <Loading label="Opening the treatment plan…" />;
  if (plan.isError) {
    if (plan.error instanceof ApiError && (plan.error.status === 404 || plan.error.status === 400)) {
      return (
        <ErrorFallback
          title="Plan not found"
          message="This plan does not exist or is not on your caseload."
        />
      );
    }
    return <LoadError error={plan.error} onRetry={() => void plan.refetch()} />;
  }
  return <PlanScreen key={`${plan.data.id}:${plan.data.status}`} plan={plan.data} />;
}

function PlanScreen({ plan }: { plan: TreatmentPlan }) {
  const queryClient = useQueryClient();
  const [content, setContent] = useState<TreatmentPlanContent>(plan.content ?? { problems: [] });
  const [effectiveDate, setEffectiveDate] = useState(plan.effectiveDate);
  const [reviewDate, setReviewDate] = useState(plan.reviewDate);
  const [version, setVersion] = useState(plan.version);
  const [dirty, setDirty] = useState(false);
  const [confirming, confirm] = useDisclosure(false);
  const edit =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v);
      setDirty(true);
    };
  const refreshChart = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ['treatment-plans', plan.clientId] }),
      queryClient.invalidateQueries({ queryKey: ['treatment-plan-active', plan.clientId] }),
      queryClient.invalidateQueries({ queryKey: ['timeline', plan.clientId] }),
    ]);
  const save = useMutation({
    mutationFn: () => api.saveTreatmentPlan(plan.id, { version, effectiveDate, reviewDate, content }),
    onSuccess: (saved) => {
      setVersion(saved.version);
      setDirty(false);
      void refreshChart();
    },
  });
  const sign = useMutation({
    mutationFn: async () => {
      const current = dirty ? (await save.mutateAsync()).version : version;
      return api.signTreatmentPlan(plan.id, current);
    },
    onSuccess: async (signed) => {
      confirm.close();
      queryClient.setQueryData(['treatment-plan', plan.id], signed);
      await refreshChart();
    },
  });
  useEffect(() => {
    const warn = (event: BeforeUnloadEvent) => {
      if (dirty) event.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);
  const status = PLAN_STATUS[plan.status];
  const gaps = sign.error instanceof ApiError ? sign.error.fieldErrors : [];
  return (
    <Stack gap="md">
      <Breadcrumbs>
        <Anchor component={Link} to="/clients">
          Clients
        </Anchor>
        <Anchor component={Link} to={`/clients/${plan.clientId}?tab=plan`}>
          Chart
        </Anchor>
        <Text>Treatment plan</Text>
      </Breadcrumbs>
      <Paper withBorder p="lg">
        <Group justify="space-between">
          <Group gap="sm">
            <Title order={2}>Treatment plan</Title>
            <Badge color={status.color} variant="light">
              {status.label}
            </Badge>
          </Group>
          <Text c="dimmed" size="sm">
            by {plan.authorName}
            {plan.signedAt ? ` · signed ${new Date(plan.signedAt).toLocaleString()}` : ''}
            {plan.clientSignedAt
              ? ` · signed by the client ${new Date(plan.clientSignedAt).toLocaleDateString()}`
              : ''}
          </Text>
        </Group>
        {plan.can.edit ? (
          <Group mt="md" align="flex-end">
            <TextInput
              type="date"
              label="Effective"
              value={effectiveDate}
              onChange={(e) => edit(setEffectiveDate)(e.currentTarget.value)}
            />
            <TextInput
              type="date"
              label="Review by"
              value={reviewDate}
              onChange={(e) => edit(setReviewDate)(e.currentTarget.value)}
            />
          </Group>
        ) : (
          <Text mt="xs">
            Effective {plan.effectiveDate} · review by {plan.reviewDate}
          </Text>
        )}
      </Paper>
      {plan.content === null ? (
        <Alert color="gray">The plan’s content is not shown to your role.</Alert>
      ) : plan.can.edit ? (
        <PlanEditor content={content} onChange={edit(setContent)} />
      ) : (
        <PlanView content={plan.content} />
      )}
      {save.error ? (
        <Alert color="red" role="alert">
          {save.error.message}
        </Alert>
      ) : null}
      {plan.can.edit ? (
        <Group>
          <Button variant="default" onClick={() => save.mutate()} loading={save.isPending} disabled={!dirty}>
            Save draft
          </Button>
          <Button onClick={confirm.open}>Sign plan</Button>
          <Text size="sm" c="dimmed" aria-live="polite">
            {dirty ? 'Unsaved changes' : 'All changes saved'}
          </Text>
        </Group>
      ) : null}
      <Modal opened={confirming} onClose={confirm.close} title="Sign this treatment plan?">
        <Stack gap="sm">
          <Text size="sm">
            The plan becomes the client’s active plan and replaces the current one. It cannot be edited after
            signing; revise it to change it.
          </Text>
          {sign.error ? (
            <Alert color="red" role="alert" title={sign.error.message}>
              <List size="sm">
                {gaps.map((g) => (
                  <List.Item key={g.field}>{g.message}</List.Item>
                ))}
              </List>
            </Alert>
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={confirm.close}>
              Keep editing
            </Button>
            <Button onClick={() => sign.mutate()} loading={sign.isPending} data-autofocus>
              Sign
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
