import {
  Alert,
  Button,
  Group,
  Modal,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { RecordDisclosureBody } from '@mentalspace/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Empty, LoadError, Loading } from '../../components/query-state';
import { api, ApiError } from '../../lib/api';

const BASIS_LABELS: Record<RecordDisclosureBody['basis'], string> = {
  client_authorization: 'Client’s written authorization',
  required_by_law: 'Required by law',
  court_order: 'Court order or subpoena',
  public_health: 'Public health',
  health_oversight: 'Health oversight',
  serious_threat: 'Serious threat to health or safety',
  other: 'Other',
};

const EMPTY: RecordDisclosureBody = {
  disclosedOn: '',
  recipient: '',
  recipientAddress: '',
  description: '',
  purpose: '',
  basis: 'client_authorization',
};

/** The chart's accounting of disclosures: what left the practice, to whom, and why. */
export function Disclosures({ clientId, canRecord }: { clientId: string; canRecord: boolean }) {
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: ['disclosures', clientId], queryFn: () => api.disclosures(clientId) });
  const [opened, { open, close }] = useDisclosure(false);
  const [form, setForm] = useState<RecordDisclosureBody>(EMPTY);
  const record = useMutation({
    mutationFn: () => api.recordDisclosure(clientId, form),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['disclosures', clientId] });
      setForm(EMPTY);
      close();
    },
  });
  const fieldError = (field: string) =>
    record.error instanceof ApiError
      ? record.error.fieldErrors.find((f) => f.field === `body.${field}`)?.message
      : undefined;
  const set = (key: keyof RecordDisclosureBody) => (e: { currentTarget: { value: string } }) =>
    setForm({ ...form, [key]: e.currentTarget.value });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    record.mutate();
  };

  return (
    <Paper withBorder p="lg">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3}>Disclosures</Title>
          {canRecord ? (
            <Button variant="default" size="xs" onClick={open}>
              Record a disclosure
            </Button>
          ) : null}
        </Group>
        {list.isPending ? (
          <Loading label="Loading disclosures…" />
        ) : list.isError ? (
          <LoadError error={list.error} onRetry={() => void list.refetch()} />
        ) : list.data.items.length === 0 ? (
          <Empty>No information has been released outside the practice.</Empty>
        ) : (
          <Table aria-label="Disclosures" verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Date</Table.Th>
                <Table.Th>To</Table.Th>
                <Table.Th>What</Table.Th>
                <Table.Th>Why</Table.Th>
                <Table.Th>Recorded by</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.items.map((d) => (
                <Table.Tr key={d.id}>
                  <Table.Td>{d.disclosedOn}</Table.Td>
                  <Table.Td>
                    <Text size="sm">{d.recipient}</Text>
                    {d.recipientAddress ? (
                      <Text size="xs" c="dimmed">
                        {d.recipientAddress}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{d.description}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{d.purpose}</Text>
                    <Text size="xs" c="dimmed">
                      {BASIS_LABELS[d.basis]}
                    </Text>
                  </Table.Td>
                  <Table.Td>{d.recordedByName}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
      <Modal opened={opened} onClose={close} title="Record a disclosure" size="lg" centered>
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            {record.error ? <Alert color="red">{record.error.message}</Alert> : null}
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput
                label="Date released"
                type="date"
                required
                value={form.disclosedOn}
                onChange={set('disclosedOn')}
                error={fieldError('disclosedOn')}
                data-autofocus
              />
              <Select
                label="Basis"
                allowDeselect={false}
                data={Object.entries(BASIS_LABELS).map(([value, label]) => ({ value, label }))}
                value={form.basis}
                onChange={(v) => v && setForm({ ...form, basis: v as RecordDisclosureBody['basis'] })}
                error={fieldError('basis')}
              />
            </SimpleGrid>
            <TextInput
              label="Released to"
              required
              value={form.recipient}
              onChange={set('recipient')}
              error={fieldError('recipient')}
            />
            <TextInput
              label="Recipient's address"
              value={form.recipientAddress ?? ''}
              onChange={set('recipientAddress')}
            />
            <Textarea
              label="What was released"
              required
              minRows={2}
              value={form.description}
              onChange={set('description')}
              error={fieldError('description')}
            />
            <Textarea
              label="Purpose"
              required
              minRows={2}
              value={form.purpose}
              onChange={set('purpose')}
              error={fieldError('purpose')}
            />
            <Group justify="flex-end">
              <Button type="submit" loading={record.isPending}>
                Record
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Paper>
  );
}
