import { Alert, Button, Center, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { ApiError, api } from '../../lib/api';

/**
 * A clinician who is not on the client's care team sees "not found" (existence never leaks). In
 * an emergency they may open the chart for an hour after saying why; the practice is alerted.
 */
export function ChartNotReachable({ clientId, canBreakGlass }: { clientId: string; canBreakGlass: boolean }) {
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const [asking, setAsking] = useState(false);
  const open = useMutation({
    mutationFn: () => api.emergencyAccess(clientId, reason),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['client', clientId] }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    open.mutate();
  };
  return (
    <Center mih={300} p="lg">
      <Paper withBorder p="xl" maw={520} role="alert">
        <Stack gap="sm">
          <Title order={3}>Client not found</Title>
          <Text c="dimmed">
            This client does not exist or is not on your caseload. Search for them from the{' '}
            <Link to="/clients">client list</Link>.
          </Text>
          {canBreakGlass && !asking ? (
            <Button variant="light" color="red" w="fit-content" onClick={() => setAsking(true)}>
              Emergency access…
            </Button>
          ) : null}
          {canBreakGlass && asking ? (
            <form onSubmit={submit} noValidate>
              <Stack gap="sm">
                <Text size="sm">
                  In an emergency you can open this chart for one hour. Your reason is recorded with your
                  name, the practice&apos;s administrators are alerted, and every access is audited.
                </Text>
                {open.error ? (
                  <Alert color="red">
                    {open.error instanceof ApiError && open.error.status === 404
                      ? 'There is no such client in this practice.'
                      : open.error.message}
                  </Alert>
                ) : null}
                <Textarea
                  label="Why do you need this chart now?"
                  minRows={2}
                  value={reason}
                  onChange={(e) => setReason(e.currentTarget.value)}
                  data-autofocus
                />
                <Button
                  type="submit"
                  color="red"
                  w="fit-content"
                  disabled={reason.trim().length < 10}
                  loading={open.isPending}
                >
                  Open the chart for one hour
                </Button>
              </Stack>
            </form>
          ) : null}
        </Stack>
      </Paper>
    </Center>
  );
}
