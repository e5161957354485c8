import {
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  TextInput,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { InsuranceBody } from '@mentalspace/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Empty, LoadError, Loading } from '../../components/query-state';
import { api, ApiError } from '../../lib/api';

const EMPTY: InsuranceBody = {
  payerName: '',
  payerId: '',
  memberId: '',
  groupNumber: '',
  subscriberName: '',
  subscriberRelationship: 'self',
  priority: 'primary',
  effectiveFrom: null,
  effectiveTo: null,
};
const RELATIONSHIPS = { self: 'Self', spouse: 'Spouse', child: 'Child', other: 'Other' } as const;

/** The client's insurance coverage; the member id is stored encrypted. */
export function Insurance({ clientId, canEdit }: { clientId: string; canEdit: boolean }) {
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: ['insurance', clientId], queryFn: () => api.insurance(clientId) });
  const [opened, dialog] = useDisclosure(false);
  const [form, setForm] = useState<InsuranceBody>(EMPTY);
  const saved = (data: Awaited<ReturnType<typeof api.insurance>>) =>
    queryClient.setQueryData(['insurance', clientId], data);
  const add = useMutation({
    mutationFn: () => api.addInsurance(clientId, form),
    onSuccess: (data) => {
      saved(data);
      setForm(EMPTY);
      dialog.close();
    },
  });
  const end = useMutation({
    mutationFn: (policyId: string) => api.endInsurance(clientId, policyId),
    onSuccess: saved,
  });
  const fieldError = (field: string) =>
    add.error instanceof ApiError
      ? add.error.fieldErrors.find((f) => f.field === `body.${field}`)?.message
      : undefined;
  const set = (key: keyof InsuranceBody) => (e: { currentTarget: { value: string } }) =>
    setForm({ ...form, [key]: e.currentTarget.value || (key.startsWith('effective') ? null : '') });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate();
  };
  return (
    <Paper withBorder p="lg">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3}>Insurance</Title>
          {canEdit ? (
            <Button variant="default" size="xs" onClick={dialog.open}>
              Add a policy
            </Button>
          ) : null}
        </Group>
        {end.error ? (
          <Alert color="red" role="alert">
            {end.error.message}
          </Alert>
        ) : null}
        {list.isPending ? (
          <Loading label="Loading insurance…" />
        ) : list.isError ? (
          <LoadError error={list.error} onRetry={() => void list.refetch()} />
        ) : list.data.items.length === 0 ? (
          <Empty>No insurance on file (self-pay).</Empty>
        ) : (
          <Table aria-label="Insurance">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Priority</Table.Th>
                <Table.Th>Payer</Table.Th>
                <Table.Th>Member id</Table.Th>
                <Table.Th>Subscriber</Table.Th>
                <Table.Th>Status</Table.Th>
                {canEdit ? <Table.Th aria-label="Actions" /> : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.items.map((p) => (
                <Table.Tr key={p.id}>
                  <Table.Td tt="capitalize">{p.priority}</Table.Td>
                  <Table.Td>
                    {p.payerName}
                    {p.groupNumber ? ` · group ${p.groupNumber}` : ''}
                  </Table.Td>
                  <Table.Td>{p.memberId}</Table.Td>
                  <Table.Td>
                    {p.subscriberName} ({RELATIONSHIPS[p.subscriberRelationship]})
                  </Table.Td>
                  <Table.Td>
                    <Badge color={p.active ? 'teal' : 'gray'} variant="light">
                      {p.active ? 'Active' : 'Ended'}
                    </Badge>
                  </Table.Td>
                  {canEdit ? (
                    <Table.Td>
                      {p.active ? (
                        <Button size="xs" variant="subtle" onClick={() => end.mutate(p.id)}>
                          End
                        </Button>
                      ) : null}
                    </Table.Td>
                  ) : null}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
      <Modal opened={opened} onClose={dialog.close} title="Add an insurance policy" size="lg">
        <form onSubmit={submit}>
          <Stack gap="sm">
            {add.error && !(add.error instanceof ApiError && add.error.fieldErrors.length) ? (
              <Alert color="red" role="alert">
                {add.error.message}
              </Alert>
            ) : null}
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput
                label="Payer"
                required
                value={form.payerName}
                onChange={set('payerName')}
                error={fieldError('payerName')}
              />
              <TextInput
                label="Payer id"
                value={form.payerId ?? ''}
                onChange={set('payerId')}
                error={fieldError('payerId')}
              />
              <TextInput
                label="Member id"
                required
                value={form.memberId}
                onChange={set('memberId')}
                error={fieldError('memberId')}
              />
              <TextInput label="Group number" value={form.groupNumber ?? ''} onChange={set('groupNumber')} />
              <TextInput
                label="Subscriber"
                required
                value={form.subscriberName}
                onChange={set('subscriberName')}
                error={fieldError('subscriberName')}
              />
              <Select
                label="Client is the subscriber’s"
                data={Object.entries(RELATIONSHIPS).map(([value, label]) => ({ value, label }))}
                value={form.subscriberRelationship}
                allowDeselect={false}
                onChange={(v) =>
                  setForm({
                    ...form,
                    subscriberRelationship: (v ?? 'self') as InsuranceBody['subscriberRelationship'],
                  })
                }
              />
              <Select
                label="Priority"
                data={[
                  { value: 'primary', label: 'Primary' },
                  { value: 'secondary', label: 'Secondary' },
                  { value: 'tertiary', label: 'Tertiary' },
                ]}
                value={form.priority}
                allowDeselect={false}
                onChange={(v) => setForm({ ...form, priority: v ?? 'primary' })}
              />
              <TextInput
                type="date"
                label="Effective from"
                value={form.effectiveFrom ?? ''}
                onChange={set('effectiveFrom')}
              />
              <TextInput
                type="date"
                label="Effective to"
                value={form.effectiveTo ?? ''}
                onChange={set('effectiveTo')}
                error={fieldError('effectiveTo')}
              />
            </SimpleGrid>
            <Group justify="flex-end">
              <Button variant="default" onClick={dialog.close}>
                Cancel
              </Button>
              <Button type="submit" loading={add.isPending}>
                Add policy
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Paper>
  );
}
