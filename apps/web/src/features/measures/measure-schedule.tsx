import { Alert, Badge, Button, Group, NumberInput, Paper, Select, Stack, Table, Title } from '@mantine/core';
import { INSTRUMENTS, type AssignMeasureBody, type InstrumentId } from '@mentalspace/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Empty, LoadError, Loading } from '../../components/query-state';
import { api, ApiError } from '../../lib/api';

type Cadence = AssignMeasureBody['cadence'];
const CADENCES: Record<Cadence, string> = {
  once: 'Once',
  every_n_weeks: 'Every N weeks',
  before_each_appointment: 'Before each appointment',
};

/** Which measures the client is asked to complete, how often, and what is due now (portal or office). */
export function MeasureSchedule({ clientId }: { clientId: string }) {
  const queryClient = useQueryClient();
  const list = useQuery({
    queryKey: ['measure-assignments', clientId],
    queryFn: () => api.measureAssignments(clientId),
  });
  const [instrumentId, setInstrumentId] = useState<InstrumentId>('phq9');
  const [cadence, setCadence] = useState<Cadence>('before_each_appointment');
  const [weeks, setWeeks] = useState<number>(4);
  const saved = (data: Awaited<ReturnType<typeof api.measureAssignments>>) =>
    queryClient.setQueryData(['measure-assignments', clientId], data);
  const assign = useMutation({
    mutationFn: () =>
      api.assignMeasure(clientId, {
        instrumentId,
        cadence,
        intervalWeeks: cadence === 'every_n_weeks' ? weeks : null,
      }),
    onSuccess: saved,
  });
  const end = useMutation({
    mutationFn: (id: string) => api.endMeasureAssignment(clientId, id),
    onSuccess: saved,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    assign.mutate();
  };
  const error = assign.error ?? end.error;
  return (
    <Paper withBorder p="lg">
      <Stack gap="sm">
        <Title order={3}>Measure schedule</Title>
        {error ? (
          <Alert color="red" role="alert">
            {error instanceof ApiError && error.fieldErrors[0] ? error.fieldErrors[0].message : error.message}
          </Alert>
        ) : null}
        {list.isPending ? (
          <Loading label="Loading the schedule…" />
        ) : list.isError ? (
          <LoadError error={list.error} onRetry={() => void list.refetch()} />
        ) : list.data.items.length === 0 ? (
          <Empty>No measures are scheduled for this client.</Empty>
        ) : (
          <Table aria-label="Measure schedule">
            <Table.Tbody>
              {list.data.items.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td>{INSTRUMENTS[a.instrumentId].shortName}</Table.Td>
                  <Table.Td>
                    {a.cadence === 'every_n_weeks' ? `Every ${a.intervalWeeks} weeks` : CADENCES[a.cadence]}
                  </Table.Td>
                  <Table.Td>
                    {!a.active ? (
                      <Badge color="gray" variant="light">
                        Ended
                      </Badge>
                    ) : a.due ? (
                      <Badge color="orange">Due now</Badge>
                    ) : (
                      <Badge color="teal" variant="light">
                        Up to date
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {a.lastCompletedAt
                      ? `Last ${new Date(a.lastCompletedAt).toLocaleDateString()}`
                      : 'Never completed'}
                  </Table.Td>
                  <Table.Td>
                    {a.active ? (
                      <Button size="xs" variant="subtle" onClick={() => end.mutate(a.id)}>
                        End
                      </Button>
                    ) : null}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <form onSubmit={submit} aria-label="Schedule a measure">
          <Group align="flex-end" wrap="wrap">
            <Select
              w={140}
              label="Measure"
              data={Object.values(INSTRUMENTS).map((i) => ({ value: i.id, label: i.shortName }))}
              value={instrumentId}
              allowDeselect={false}
              onChange={(v) => setInstrumentId(v ?? 'phq9')}
            />
            <Select
              w={240}
              label="How often"
              data={Object.entries(CADENCES).map(([value, label]) => ({ value, label }))}
              value={cadence}
              allowDeselect={false}
              onChange={(v) => setCadence((v ?? 'once') as Cadence)}
            />
            {cadence === 'every_n_weeks' ? (
              <NumberInput
                w={120}
                label="Weeks"
                min={1}
                max={52}
                value={weeks}
                onChange={(v) => setWeeks(Number(v) || 1)}
              />
            ) : null}
            <Button type="submit" variant="default" loading={assign.isPending}>
              Schedule
            </Button>
          </Group>
        </form>
      </Stack>
    </Paper>
  );
}
