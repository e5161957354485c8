import { Alert, Button, Group, Paper, Select, SimpleGrid, Stack, TextInput, Title } from '@mantine/core';
import type { CreateClientBody } from '@mentalspace/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { api, ApiError } from '../../lib/api';
import { useSession } from '../session/use-session';
import { SSN_ROLES } from './client-ssn';

const EMPTY = {
  legalFirstName: '',
  legalLastName: '',
  preferredName: '',
  pronouns: '',
  dateOfBirth: '',
  email: '',
  phone: '',
  ssn: '',
};

export function NewClientPage() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const session = useSession();
  const clinicians = useQuery({ queryKey: ['clinicians'], queryFn: api.clinicians });
  const [form, setForm] = useState(EMPTY);
  const [clinicianId, setClinicianId] = useState<string | null>(null);
  const clinical = session.data?.user.role === 'clinician' || session.data?.user.role === 'supervisor';

  const create = useMutation({
    mutationFn: (body: CreateClientBody) => api.createClient(body),
    onSuccess: async (client) => {
      await queryClient.invalidateQueries({ queryKey: ['clients'] });
      await navigate(`/clients/${client.id}`);
    },
  });
  const fieldError = (name: string) =>
    create.error instanceof ApiError
      ? create.error.fieldErrors.find((f) => f.field === `body.${name}`)?.message
      : undefined;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({
      legalFirstName: form.legalFirstName,
      legalLastName: form.legalLastName,
      preferredName: form.preferredName || null,
      pronouns: form.pronouns || null,
      dateOfBirth: form.dateOfBirth,
      email: form.email || null,
      phone: form.phone || null,
      ...(form.ssn.trim() ? { ssn: form.ssn } : {}),
      ...(clinical || !clinicianId ? {} : { primaryClinicianId: clinicianId }),
    });
  };
  const bind = (name: keyof typeof EMPTY) => ({
    value: form[name],
    onChange: (e: { currentTarget: { value: string } }) => {
      const value = e.currentTarget.value;
      setForm((f) => ({ ...f, [name]: value }));
    },
    error: fieldError(name),
  });

  return (
    <Stack gap="md" maw={760}>
      <Title order={2}>New client</Title>
      <Paper withBorder p="lg" component="form" onSubmit={submit} noValidate>
        <Stack gap="md">
          {create.error && !(create.error instanceof ApiError && create.error.fieldErrors.length > 0) ? (
            <Alert color="red" role="alert" title="The client was not saved">
              {create.error.message}
            </Alert>
          ) : null}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label="Legal first name" required {...bind('legalFirstName')} />
            <TextInput label="Legal last name" required {...bind('legalLastName')} />
            <TextInput label="Preferred name" {...bind('preferredName')} />
            <TextInput label="Pronouns" placeholder="e.g. she/her" {...bind('pronouns')} />
            <TextInput label="Date of birth" type="date" required {...bind('dateOfBirth')} />
            <TextInput label="Phone" type="tel" {...bind('phone')} />
            <TextInput label="E-mail" type="email" {...bind('email')} />
            {SSN_ROLES.includes(session.data?.user.role ?? '') ? (
              <TextInput
                label="Social Security number"
                description="Optional. Shown afterwards as the last four digits only."
                placeholder="123-45-6789"
                autoComplete="off"
                spellCheck={false}
                inputMode="numeric"
                maxLength={11}
                {...bind('ssn')}
              />
            ) : null}
            {clinical ? null : (
              <Select
                label="Primary clinician"
                required
                placeholder={clinicians.isPending ? 'Loading…' : 'Choose a clinician'}
                data={(clinicians.data?.items ?? []).map((c) => ({
                  value: c.id,
                  label: `${c.firstName} ${c.lastName}${c.credentials ? `, ${c.credentials}` : ''}`,
                }))}
                value={clinicianId}
                onChange={setClinicianId}
                error={fieldError('primaryClinicianId')}
                searchable
              />
            )}
          </SimpleGrid>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => void navigate('/clients')}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Save client
            </Button>
          </Group>
        </Stack>
      </Paper>
    </Stack>
  );
}
