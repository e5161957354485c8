import { Alert, Button, Group, Paper, Select, Stack, Table, Text, Title } from '@mantine/core';
import type { ClientDetail } from '@mentalspace/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Empty } from '../../components/query-state';
import { api } from '../../lib/api';

type Assignment = 'primary' | 'secondary';

/**
 * The client's care team: the clinicians whose caseload holds this client. Owners, administrators
 * and front desk add, promote and remove; everyone else sees the list.
 */
export function CareTeam({ client, canEdit }: { client: ClientDetail; canEdit: boolean }) {
  const queryClient = useQueryClient();
  const clinicians = useQuery({ queryKey: ['clinicians'], queryFn: api.clinicians, enabled: canEdit });
  const [clinicianId, setClinicianId] = useState<string | null>(null);
  const [assignment, setAssignment] = useState<Assignment>('secondary');
  const saved = (detail: ClientDetail) => queryClient.setQueryData(['client', client.id], detail);
  const assign = useMutation({
    mutationFn: (v: { clinicianId: string; assignment: Assignment }) =>
      api.assignClinician(client.id, v.clinicianId, v.assignment),
    onSuccess: (detail) => {
      saved(detail);
      setClinicianId(null);
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => api.removeClinician(client.id, id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['client', client.id] }),
  });
  const onTeam = new Set(client.clinicians.map((c) => c.id));
  const candidates = (clinicians.data?.items ?? []).filter((c) => !onTeam.has(c.id));
  const error = assign.error ?? remove.error;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (clinicianId) assign.mutate({ clinicianId, assignment });
  };

  return (
    <Paper withBorder p="lg">
      <Stack gap="sm">
        <Title order={3}>Care team</Title>
        {error ? (
          <Alert color="red" role="alert">
            {error.message}
          </Alert>
        ) : null}
        {client.clinicians.length === 0 ? (
          <Empty>No clinician is assigned: only practice-wide roles can open this chart.</Empty>
        ) : (
          <Table aria-label="Care team" verticalSpacing="xs">
            <Table.Tbody>
              {client.clinicians.map((c) => {
                const name = `${c.firstName} ${c.lastName}${c.credentials ? `, ${c.credentials}` : ''}`;
                return (
                  <Table.Tr key={c.id}>
                    <Table.Td>{name}</Table.Td>
                    <Table.Td>
                      <Text size="sm" c={c.assignment === 'primary' ? undefined : 'dimmed'}>
                        {c.assignment === 'primary' ? 'Primary clinician' : 'Secondary'}
                      </Text>
                    </Table.Td>
                    {canEdit ? (
                      <Table.Td>
                        <Group justify="flex-end" gap="xs" wrap="nowrap">
                          {c.assignment === 'secondary' ? (
                            <Button
                              size="xs"
                              variant="default"
                              aria-label={`Make ${name} the primary clinician`}
                              onClick={() => assign.mutate({ clinicianId: c.id, assignment: 'primary' })}
                            >
                              Make primary
                            </Button>
                          ) : null}
                          <Button
                            size="xs"
                            variant="subtle"
                            color="red"
                            aria-label={`Remove ${name} from the care team`}
                            onClick={() => {
                              if (window.confirm(`Remove ${name} from this client's care team?`))
                                remove.mutate(c.id);
                            }}
                          >
                            Remove
                          </Button>
                        </Group>
                      </Table.Td>
                    ) : null}
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        )}
        {canEdit ? (
          <form onSubmit={submit} aria-label="Add a clinician">
            <Group align="flex-end" gap="sm">
              <Select
                label="Add a clinician"
                placeholder={clinicians.isPending ? 'Loading clinicians…' : 'Choose a clinician'}
                data={candidates.map((c) => ({
                  value: c.id,
                  label: `${c.firstName} ${c.lastName}${c.credentials ? `, ${c.credentials}` : ''}`,
                }))}
                value={clinicianId}
                onChange={setClinicianId}
                searchable
                nothingFoundMessage="No other active clinicians"
                w={280}
              />
              <Select
                label="As"
                allowDeselect={false}
                data={[
                  { value: 'secondary', label: 'Secondary' },
                  { value: 'primary', label: 'Primary clinician' },
                ]}
                value={assignment}
                onChange={(v) => v && setAssignment(v)}
                w={180}
              />
              <Button type="submit" disabled={!clinicianId} loading={assign.isPending}>
                Add to care team
              </Button>
            </Group>
          </form>
        ) : null}
      </Stack>
    </Paper>
  );
}
