import { Alert, Button, Container, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { AppointmentLinkViewSchema, ChangeResultSchema } from '@mentalspace/contracts';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { LoadError, Loading } from '../../components/query-state';
import { ApiError, post } from '../../lib/api';

const when = (iso: string, timeZone: string) =>
  new Date(iso).toLocaleString('en-US', {
    timeZone,
    weekday: 'long',
    month: 'long',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  });

/** The page a reminder links to: confirm or cancel that appointment, once, without signing in. */
export function AppointmentLinkPage() {
  const [token] = useState(() => window.location.hash.replace(/^#/, ''));
  const view = useQuery({
    queryKey: ['appointment-link', token],
    queryFn: () => post(AppointmentLinkViewSchema, '/appointment-links/view', { token }),
    enabled: token.length > 0,
    retry: false,
  });
  const act = useMutation({
    mutationFn: (action: 'confirm' | 'cancel') =>
      post(ChangeResultSchema, `/appointment-links/${action}`, { token }),
  });
  const error = act.error instanceof ApiError ? act.error : null;

  return (
    <Container size="xs" py="xl">
      <Paper withBorder p="lg">
        <Stack gap="md">
          <Title order={2}>Your appointment</Title>
          {!token ? (
            <Alert color="red" role="alert">
              This link is incomplete. Open it again from your reminder.
            </Alert>
          ) : view.isPending ? (
            <Loading label="Loading your appointment…" />
          ) : view.isError ? (
            <LoadError error={view.error} />
          ) : (
            <>
              <Text>
                With <strong>{view.data.clinicianName}</strong> at {view.data.practiceName} on{' '}
                <strong>{when(view.data.startsAt, view.data.timeZone)}</strong> (
                {view.data.modality === 'telehealth' ? 'video session' : 'in person'}).
              </Text>
              {act.isSuccess ? (
                <Alert
                  color="teal"
                  role="status"
                  title={act.variables === 'confirm' ? 'Confirmed' : 'Cancelled'}
                >
                  {act.variables === 'confirm'
                    ? 'Thank you. See you then.'
                    : 'Your appointment is cancelled. Contact the practice to book another time.'}
                </Alert>
              ) : view.data.usable ? (
                <Group justify="center">
                  <Button
                    onClick={() => act.mutate('confirm')}
                    loading={act.isPending && act.variables === 'confirm'}
                  >
                    Confirm
                  </Button>
                  <Button
                    color="red"
                    variant="light"
                    onClick={() => act.mutate('cancel')}
                    loading={act.isPending && act.variables === 'cancel'}
                  >
                    Cancel appointment
                  </Button>
                </Group>
              ) : (
                <Alert color="gray" role="status" title="This link can no longer be used">
                  The appointment is {view.data.status.replace('_', ' ')}. Contact the practice for any
                  change.
                </Alert>
              )}
              {error ? (
                <Alert color="orange" role="alert">
                  {error.message}
                </Alert>
              ) : null}
            </>
          )}
        </Stack>
      </Paper>
    </Container>
  );
}
