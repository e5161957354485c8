import { Alert, Button, Group, Paper, Select, Stack, Table, Title } from '@mantine/core';
import type { StaffAccess } from '@mentalspace/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Empty, LoadError, Loading } from '../../components/query-state';
import { api } from '../../lib/api';
import { formatDate } from '../../lib/format';

const fullName = (m: StaffAccess) => `${m.firstName} ${m.lastName}`;

/** Who supervises whom: a supervisor reaches the supervisee's caseload and schedule. */
export function Supervisions({ staff, timeZone }: { staff: StaffAccess[]; timeZone: string }) {
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: ['supervisions'], queryFn: api.supervisions, staleTime: 0 });
  const [supervisorId, setSupervisorId] = useState<string | null>(null);
  const [superviseeId, setSuperviseeId] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['supervisions'] });
  const start = useMutation({
    mutationFn: () => api.startSupervision(supervisorId!, superviseeId!),
    onSuccess: async () => {
      setSuperviseeId(null);
      await refresh();
    },
  });
  const end = useMutation({ mutationFn: (id: string) => api.endSupervision(id), onSuccess: refresh });
  const active = staff.filter((m) => m.status === 'active');
  const supervisors = active.filter((m) => m.role === 'supervisor');
  const clinical = active.filter(
    (m) => (m.role === 'clinician' || m.role === 'supervisor') && m.id !== supervisorId,
  );
  const error = start.error ?? end.error;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    start.mutate();
  };

  return (
    <Stack gap="xs">
      <Title order={3}>Supervision</Title>
      {error ? (
        <Alert color="red" role="alert">
          {error.message}
        </Alert>
      ) : null}
      <Paper withBorder p="md">
        <Stack gap="sm">
          {list.isPending ? (
            <Loading label="Loading supervisions…" />
          ) : list.isError ? (
            <LoadError error={list.error} onRetry={() => void list.refetch()} />
          ) : list.data.items.length === 0 ? (
            <Empty>Nobody is supervised yet.</Empty>
          ) : (
            <Table aria-label="Supervisions" verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Supervisor</Table.Th>
                  <Table.Th>Supervisee</Table.Th>
                  <Table.Th>Since</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.items.map((s) => (
                  <Table.Tr key={s.id}>
                    <Table.Td>{s.supervisorName}</Table.Td>
                    <Table.Td>{s.superviseeName}</Table.Td>
                    <Table.Td>{formatDate(s.since, timeZone)}</Table.Td>
                    <Table.Td>
                      <Group justify="flex-end">
                        <Button
                          size="xs"
                          variant="subtle"
                          color="red"
                          aria-label={`End ${s.supervisorName}'s supervision of ${s.superviseeName}`}
                          onClick={() => end.mutate(s.id)}
                        >
                          End
                        </Button>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          <form onSubmit={submit} aria-label="Start a supervision">
            <Group align="flex-end" gap="sm">
              <Select
                label="Supervisor"
                placeholder={supervisors.length ? 'Choose a supervisor' : 'No supervisors yet'}
                data={supervisors.map((m) => ({ value: m.id, label: fullName(m) }))}
                value={supervisorId}
                onChange={setSupervisorId}
                w={240}
              />
              <Select
                label="Supervises"
                placeholder="Choose a clinician"
                data={clinical.map((m) => ({ value: m.id, label: fullName(m) }))}
                value={superviseeId}
                onChange={setSuperviseeId}
                searchable
                w={240}
              />
              <Button type="submit" disabled={!supervisorId || !superviseeId} loading={start.isPending}>
                Start supervision
              </Button>
            </Group>
          </form>
        </Stack>
      </Paper>
    </Stack>
  );
}
