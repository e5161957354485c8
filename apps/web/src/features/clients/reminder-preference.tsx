import { Alert, Group, Select, Switch, Text } from '@mantine/core';
import type { ClientDetail } from '@mentalspace/contracts';
import { ClientDetailSchema } from '@mentalspace/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ApiError, put } from '../../lib/api';

/** The client's consent to appointment reminders and the channel they chose. */
export function ReminderPreference({ client }: { client: ClientDetail }) {
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (body: { remindersOptIn: boolean; reminderChannel: 'email' | 'sms' }) =>
      put(ClientDetailSchema, `/clients/${encodeURIComponent(client.id)}/reminders`, body),
    onSuccess: (updated) => queryClient.setQueryData(['client', client.id], updated),
  });
  const error = save.error instanceof ApiError ? save.error : null;
  return (
    <div>
      <Group gap="md" align="flex-end">
        <Switch
          label="Appointment reminders"
          description="Only with the client's consent"
          checked={client.remindersOptIn}
          disabled={save.isPending}
          onChange={(e) =>
            save.mutate({ remindersOptIn: e.currentTarget.checked, reminderChannel: client.reminderChannel })
          }
        />
        <Select
          aria-label="Reminder channel"
          w={140}
          allowDeselect={false}
          data={[
            { value: 'email', label: 'By e-mail' },
            { value: 'sms', label: 'By SMS' },
          ]}
          value={client.reminderChannel}
          disabled={save.isPending}
          onChange={(v) =>
            save.mutate({
              remindersOptIn: client.remindersOptIn,
              reminderChannel: v === 'sms' ? 'sms' : 'email',
            })
          }
        />
      </Group>
      {error ? (
        <Alert color="red" mt="xs" role="alert">
          <Text size="sm">{error.message}</Text>
        </Alert>
      ) : null}
    </div>
  );
}
