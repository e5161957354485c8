import {
  Alert,
  Autocomplete,
  Badge,
  Button,
  Checkbox,
  Group,
  Menu,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type { ClientDiagnosis, DiagnosisStatus } from '@mentalspace/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Empty, LoadError, Loading } from '../../components/query-state';
import { api } from '../../lib/api';

const STATUS: Record<DiagnosisStatus, string> = {
  active: 'Active',
  provisional: 'Provisional',
  rule_out: 'Rule out',
  resolved: 'Resolved',
};

/** The chart's diagnoses: principal first; clinicians add (ICD-10-CM search), reorder and resolve. */
export function ChartDiagnoses({ clientId, canWrite }: { clientId: string; canWrite: boolean }) {
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: ['diagnoses', clientId], queryFn: () => api.diagnoses(clientId) });
  const saved = (data: { items: ClientDiagnosis[] }) =>
    queryClient.setQueryData(['diagnoses', clientId], data);
  const change = useMutation({
    mutationFn: (v: { id: string; body: { status?: DiagnosisStatus; principal?: true } }) =>
      api.changeDiagnosis(clientId, v.id, v.body),
    onSuccess: saved,
  });
  return (
    <Stack gap="md">
      {canWrite ? <AddDiagnosis clientId={clientId} onSaved={saved} /> : null}
      <Paper withBorder p="lg">
        <Title order={3} mb="sm">
          Diagnoses
        </Title>
        {change.error ? (
          <Alert color="red" role="alert" mb="sm">
            {change.error.message}
          </Alert>
        ) : null}
        {list.isPending ? (
          <Loading label="Loading diagnoses…" />
        ) : list.isError ? (
          <LoadError error={list.error} onRetry={() => void list.refetch()} />
        ) : list.data.items.length === 0 ? (
          <Empty>No diagnoses recorded.</Empty>
        ) : (
          <Table aria-label="Diagnoses">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Code</Table.Th>
                <Table.Th>Description</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Onset</Table.Th>
                {canWrite ? <Table.Th aria-label="Actions" /> : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.items.map((d) => (
                <Table.Tr key={d.id}>
                  <Table.Td>
                    <Text fw={600}>{d.code}</Text>
                  </Table.Td>
                  <Table.Td>
                    {d.description}{' '}
                    {d.rank === 1 && d.status !== 'resolved' ? (
                      <Badge size="sm" variant="light">
                        Principal
                      </Badge>
                    ) : null}
                  </Table.Td>
                  <Table.Td>{STATUS[d.status]}</Table.Td>
                  <Table.Td>{d.onsetDate ?? '—'}</Table.Td>
                  {canWrite ? (
                    <Table.Td>
                      <Menu position="bottom-end">
                        <Menu.Target>
                          <Button size="xs" variant="subtle" aria-label={`Change ${d.code}`}>
                            Change
                          </Button>
                        </Menu.Target>
                        <Menu.Dropdown>
                          {d.status !== 'resolved' && d.rank !== 1 ? (
                            <Menu.Item onClick={() => change.mutate({ id: d.id, body: { principal: true } })}>
                              Make principal
                            </Menu.Item>
                          ) : null}
                          {(Object.keys(STATUS) as DiagnosisStatus[])
                            .filter((s) => s !== d.status)
                            .map((s) => (
                              <Menu.Item
                                key={s}
                                onClick={() => change.mutate({ id: d.id, body: { status: s } })}
                              >
                                Mark {STATUS[s].toLowerCase()}
                              </Menu.Item>
                            ))}
                        </Menu.Dropdown>
                      </Menu>
                    </Table.Td>
                  ) : null}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
    </Stack>
  );
}

function AddDiagnosis({
  clientId,
  onSaved,
}: {
  clientId: string;
  onSaved: (d: { items: ClientDiagnosis[] }) => void;
}) {
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 200);
  const [status, setStatus] = useState<DiagnosisStatus>('active');
  const [principal, setPrincipal] = useState(false);
  const codes = useQuery({
    queryKey: ['diagnosis-codes', debounced],
    queryFn: () => api.diagnosisCodes(debounced),
    enabled: debounced.trim().length >= 2,
  });
  const code = search.split(' — ')[0]?.trim() ?? '';
  const add = useMutation({
    mutationFn: () => api.addDiagnosis(clientId, { code, status, principal }),
    onSuccess: (data) => {
      onSaved(data);
      setSearch('');
      setPrincipal(false);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate();
  };
  return (
    <Paper withBorder p="lg">
      <form onSubmit={submit} aria-label="Add a diagnosis">
        <Group align="flex-end" wrap="wrap">
          <Autocomplete
            label="ICD-10-CM code or words"
            placeholder="F41.1, generalized anxiety…"
            w={420}
            value={search}
            onChange={setSearch}
            data={(codes.data?.items ?? []).map((c) => `${c.code} — ${c.description}`)}
            filter={({ options }) => options}
            limit={20}
            error={add.error?.message}
          />
          <Select
            label="Status"
            w={160}
            data={(Object.keys(STATUS) as DiagnosisStatus[]).map((s) => ({ value: s, label: STATUS[s] }))}
            value={status}
            allowDeselect={false}
            onChange={(v) => setStatus(v ?? 'active')}
          />
          <Checkbox
            label="Principal"
            checked={principal}
            onChange={(e) => setPrincipal(e.currentTarget.checked)}
          />
          <Button type="submit" disabled={!code} loading={add.isPending}>
            Add diagnosis
          </Button>
        </Group>
      </form>
    </Paper>
  );
}
