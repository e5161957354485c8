import { Alert, Button, Group, Paper, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Empty, LoadError, Loading } from '../../components/query-state';
import { api } from '../../lib/api';
import { dayKey } from '../../lib/format';

/**
 * The clinician's own psychotherapy notes about this client: kept apart from the chart, seen by
 * nobody else (not supervisors, not the owner), and every opening is audited.
 */
export function PsychotherapyNotes({ clientId, timeZone }: { clientId: string; timeZone: string }) {
  const queryClient = useQueryClient();
  const list = useQuery({
    queryKey: ['psychotherapy-notes', clientId],
    queryFn: () => api.psychotherapyNotes(clientId),
  });
  const [body, setBody] = useState('');
  const [serviceDate, setServiceDate] = useState(dayKey(new Date(), timeZone));
  const add = useMutation({
    mutationFn: () => api.createPsychotherapyNote(clientId, { serviceDate, body }),
    onSuccess: async () => {
      setBody('');
      await queryClient.invalidateQueries({ queryKey: ['psychotherapy-notes', clientId] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate();
  };
  return (
    <Paper withBorder p="lg">
      <Stack gap="sm">
        <Title order={3}>Psychotherapy notes</Title>
        <Alert color="grape" variant="light">
          Private to you. Kept apart from the chart: never in exports, the portal, or anyone else’s view.
        </Alert>
        {list.isPending ? (
          <Loading label="Loading your psychotherapy notes…" />
        ) : list.isError ? (
          <LoadError error={list.error} onRetry={() => void list.refetch()} />
        ) : list.data.items.length === 0 ? (
          <Empty>You have no psychotherapy notes for this client.</Empty>
        ) : (
          list.data.items.map((n) => (
            <Paper key={n.id} withBorder p="sm" bg="gray.0">
              <Text size="xs" c="dimmed">
                {n.serviceDate}
              </Text>
              <Text style={{ whiteSpace: 'pre-wrap' }}>{n.body}</Text>
            </Paper>
          ))
        )}
        <form onSubmit={submit}>
          <Stack gap="xs">
            <Group align="flex-end">
              <TextInput
                label="Date of service"
                type="date"
                value={serviceDate}
                onChange={(e) => setServiceDate(e.currentTarget.value)}
              />
            </Group>
            <Textarea
              label="New psychotherapy note"
              autosize
              minRows={3}
              value={body}
              onChange={(e) => setBody(e.currentTarget.value)}
              error={add.error?.message}
            />
            <Button
              type="submit"
              variant="default"
              w="fit-content"
              disabled={!body.trim()}
              loading={add.isPending}
            >
              Save privately
            </Button>
          </Stack>
        </form>
      </Stack>
    </Paper>
  );
}
