import { Alert, Button, Group, Modal, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { StaffRole } from '@mentalspace/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../../lib/api';
import { grantableRoles, ROLE_LABELS } from '../../lib/roles';
import { InvitationLink } from './invitation-link';

const EMPTY = { email: '', firstName: '', lastName: '', credentials: '', role: 'clinician' as StaffRole };

/** Invite a staff member with their role; the result is a single-use link to hand over. */
export function InviteStaff({ actorRole }: { actorRole: StaffRole }) {
  const [opened, { open, close }] = useDisclosure(false);
  const [form, setForm] = useState(EMPTY);
  const queryClient = useQueryClient();
  const invite = useMutation({
    mutationFn: () => api.inviteStaff(form),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['staff-invitations'] });
      await queryClient.invalidateQueries({ queryKey: ['staff-access'] });
    },
  });
  const fieldError = (field: string) =>
    invite.error instanceof ApiError
      ? invite.error.fieldErrors.find((f) => f.field === `body.${field}`)?.message
      : undefined;
  const set = (key: keyof typeof EMPTY) => (e: { currentTarget: { value: string } }) =>
    setForm({ ...form, [key]: e.currentTarget.value });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    invite.mutate();
  };
  const finish = () => {
    close();
    invite.reset();
    setForm(EMPTY);
  };
  return (
    <>
      <Button onClick={open}>Invite staff member</Button>
      <Modal opened={opened} onClose={finish} title="Invite a staff member" centered size="lg">
        {invite.data ? (
          <InvitationLink
            invitePath={invite.data.invitePath}
            name={`${invite.data.invitation.firstName} ${invite.data.invitation.lastName}`}
          />
        ) : (
          <form onSubmit={submit} noValidate>
            <Stack gap="sm">
              {invite.error ? (
                <Alert color="red" role="alert">
                  {invite.error.message}
                </Alert>
              ) : null}
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <TextInput
                  label="First name"
                  required
                  value={form.firstName}
                  onChange={set('firstName')}
                  error={fieldError('firstName')}
                  data-autofocus
                />
                <TextInput
                  label="Last name"
                  required
                  value={form.lastName}
                  onChange={set('lastName')}
                  error={fieldError('lastName')}
                />
              </SimpleGrid>
              <TextInput
                label="Work e-mail"
                type="email"
                required
                value={form.email}
                onChange={set('email')}
                error={fieldError('email')}
              />
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <Select
                  label="Role"
                  required
                  allowDeselect={false}
                  data={grantableRoles(actorRole).map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
                  value={form.role}
                  onChange={(value) => value && setForm({ ...form, role: value })}
                  error={fieldError('role')}
                />
                <TextInput
                  label="Credentials"
                  description="Shown after the name, e.g. LCSW"
                  value={form.credentials}
                  onChange={set('credentials')}
                />
              </SimpleGrid>
              <Group justify="flex-end">
                <Button
                  type="submit"
                  loading={invite.isPending}
                  disabled={!form.email || !form.firstName || !form.lastName}
                >
                  Create invitation link
                </Button>
              </Group>
            </Stack>
          </form>
        )}
      </Modal>
    </>
  );
}
