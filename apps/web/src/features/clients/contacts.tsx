import { Alert, Button, Group, Paper, Select, Stack, Table, TextInput, Title } from '@mantine/core';
import type { ContactBody } from '@mentalspace/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Empty, LoadError, Loading } from '../../components/query-state';
import { api, ApiError } from '../../lib/api';

const KIND_LABELS = { emergency: 'Emergency contact', guardian: 'Legal guardian', other: 'Other' } as const;
const EMPTY: ContactBody = { kind: 'emergency', name: '', relationship: '', phone: '', email: '' };

/** Emergency contacts and guardians: who to call, at the chart's overview. */
export function Contacts({ clientId, canEdit }: { clientId: string; canEdit: boolean }) {
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: ['contacts', clientId], queryFn: () => api.contacts(clientId) });
  const [form, setForm] = useState<ContactBody>(EMPTY);
  const add = useMutation({
    mutationFn: () => api.addContact(clientId, form),
    onSuccess: (data) => {
      queryClient.setQueryData(['contacts', clientId], data);
      setForm(EMPTY);
    },
  });
  const remove = useMutation({
    mutationFn: (contactId: string) => api.removeContact(clientId, contactId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['contacts', clientId] }),
  });
  const fieldError = (field: string) =>
    add.error instanceof ApiError
      ? add.error.fieldErrors.find((f) => f.field === `body.${field}`)?.message
      : undefined;
  const set = (key: keyof ContactBody) => (e: { currentTarget: { value: string } }) =>
    setForm({ ...form, [key]: e.currentTarget.value });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate();
  };
  return (
    <Paper withBorder p="lg">
      <Stack gap="sm">
        <Title order={3}>Contacts</Title>
        {list.isPending ? (
          <Loading label="Loading contacts…" />
        ) : list.isError ? (
          <LoadError error={list.error} onRetry={() => void list.refetch()} />
        ) : list.data.items.length === 0 ? (
          <Empty>No emergency contact or guardian recorded.</Empty>
        ) : (
          <Table aria-label="Contacts">
            <Table.Tbody>
              {list.data.items.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td>{KIND_LABELS[c.kind]}</Table.Td>
                  <Table.Td>
                    {c.name} ({c.relationship})
                  </Table.Td>
                  <Table.Td>{[c.phone, c.email].filter(Boolean).join(' · ')}</Table.Td>
                  {canEdit ? (
                    <Table.Td>
                      <Button size="xs" variant="subtle" color="red" onClick={() => remove.mutate(c.id)}>
                        Remove
                      </Button>
                    </Table.Td>
                  ) : null}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {add.error && !(add.error instanceof ApiError && add.error.fieldErrors.length) ? (
          <Alert color="red" role="alert">
            {add.error.message}
          </Alert>
        ) : null}
        {canEdit ? (
          <form onSubmit={submit} aria-label="Add a contact">
            <Group align="flex-end" wrap="wrap">
              <Select
                w={180}
                label="Kind"
                data={Object.entries(KIND_LABELS).map(([value, label]) => ({ value, label }))}
                value={form.kind}
                allowDeselect={false}
                onChange={(v) => setForm({ ...form, kind: (v ?? 'emergency') as ContactBody['kind'] })}
              />
              <TextInput label="Name" value={form.name} onChange={set('name')} error={fieldError('name')} />
              <TextInput
                label="Relationship"
                value={form.relationship}
                onChange={set('relationship')}
                error={fieldError('relationship')}
              />
              <TextInput
                label="Phone"
                value={form.phone ?? ''}
                onChange={set('phone')}
                error={fieldError('phone')}
              />
              <TextInput
                label="Contact e-mail"
                value={form.email ?? ''}
                onChange={set('email')}
                error={fieldError('email')}
              />
              <Button type="submit" variant="default" loading={add.isPending}>
                Add contact
              </Button>
            </Group>
          </form>
        ) : null}
      </Stack>
    </Paper>
  );
}
