import { Alert, Anchor, Badge, Button, Grid, Group, Modal, Paper, Stack, Text, Title } from '@mantine/core';
import type { TelehealthEndResult, TelehealthSession } from '@mentalspace/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { Empty, LoadError, Loading } from '../../components/query-state';
import { api } from '../../lib/api';
import { CallController } from './call-controller';
import { CallView, useCallController } from './call-view';
import { telehealthApi } from './telehealth-api';
import { useKeepAlive } from './use-keep-alive';

/** The clinician's side of a video session: the waiting room, the call, and the end. */
export function HostCallPage() {
  const { appointmentId = '' } = useParams();
  const opened = useQuery({
    queryKey: ['telehealth', 'open', appointmentId],
    queryFn: () => telehealthApi.open(appointmentId),
    staleTime: Infinity,
    retry: false,
  });
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={2}>Video session</Title>
        <Anchor component={Link} to="/schedule">
          Back to the schedule
        </Anchor>
      </Group>
      {opened.isPending ? (
        <Loading label="Opening the video session…" />
      ) : opened.isError ? (
        <LoadError error={opened.error} onRetry={() => void opened.refetch()} />
      ) : opened.data.status === 'ended' ? (
        <Ended session={opened.data} record={null} />
      ) : (
        <HostCall key={opened.data.id} initial={opened.data} />
      )}
    </Stack>
  );
}

function HostCall({ initial }: { initial: TelehealthSession }) {
  const queryClient = useQueryClient();
  const key = ['telehealth', 'session', initial.id];
  const session = useQuery({
    queryKey: key,
    queryFn: () => telehealthApi.hostView(initial.id),
    initialData: initial,
  });
  const { controller, snapshot } = useCallController(
    () =>
      new CallController({
        sessionId: initial.id,
        participantId: initial.me.participantId,
        loadIceServers: () => telehealthApi.hostView(initial.id).then((s) => s.iceServers),
        onLobby: () => void queryClient.invalidateQueries({ queryKey: key }),
        refreshSession: api.keepAlive,
      }),
  );
  useKeepAlive(api.keepAlive, snapshot.phase === 'in_call');
  const [confirmEnd, setConfirmEnd] = useState(false);
  const admit = useMutation({
    mutationFn: (participantId: string) => telehealthApi.admit(initial.id, participantId),
    onSuccess: (view) => queryClient.setQueryData(key, view),
  });
  const remove = useMutation({
    mutationFn: (participantId: string) => telehealthApi.remove(initial.id, participantId),
    onSuccess: (view) => queryClient.setQueryData(key, view),
  });
  const sendLinks = useMutation({ mutationFn: () => telehealthApi.sendLinks(initial.appointmentId) });
  const end = useMutation({
    mutationFn: () => telehealthApi.end(initial.id),
    onSuccess: () => {
      setConfirmEnd(false);
      controller.stop();
      void queryClient.invalidateQueries({ queryKey: ['appointments'] });
    },
  });

  if (end.isSuccess) return <Ended session={session.data} record={end.data.record} />;
  const waiting = session.data.participants.filter((p) => p.role === 'client' && p.state === 'waiting');
  const inCall = session.data.participants.filter((p) => p.role === 'client' && p.state === 'admitted');
  const problem = admit.error ?? remove.error ?? sendLinks.error;

  return (
    <Grid>
      <Grid.Col span={{ base: 12, lg: 8 }}>
        <CallView
          controller={controller}
          snapshot={snapshot}
          emptyText={
            inCall.length > 0
              ? 'Connecting to your client…'
              : 'No one is in the call yet. Admit your client from the waiting room.'
          }
          extraControls={
            <Button color="red" onClick={() => setConfirmEnd(true)}>
              End session
            </Button>
          }
        />
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 4 }}>
        <Stack gap="sm">
          <Paper withBorder p="md">
            <Stack gap="xs">
              <Text fw={600} id="waiting-room-heading">
                Waiting room
              </Text>
              {waiting.length === 0 ? (
                <Empty>No one is waiting.</Empty>
              ) : (
                <ul
                  aria-labelledby="waiting-room-heading"
                  style={{ listStyle: 'none', padding: 0, margin: 0 }}
                >
                  {waiting.map((p) => (
                    <li key={p.id}>
                      <Group justify="space-between" py={4}>
                        <div>
                          <Text size="sm" fw={500}>
                            {p.name}
                          </Text>
                          <Text size="xs" c="dimmed">
                            {p.online ? 'Waiting now' : 'Not connected'} ·{' '}
                            {p.via === 'link' ? 'join link' : 'portal'}
                          </Text>
                        </div>
                        <Group gap={4}>
                          <Button
                            size="xs"
                            onClick={() => admit.mutate(p.id)}
                            loading={admit.isPending && admit.variables === p.id}
                          >
                            Admit {p.name}
                          </Button>
                          <Button size="xs" variant="subtle" color="red" onClick={() => remove.mutate(p.id)}>
                            Turn away
                          </Button>
                        </Group>
                      </Group>
                    </li>
                  ))}
                </ul>
              )}
              {inCall.length > 0 ? (
                <Text size="sm">In the session: {inCall.map((p) => p.name).join(', ')}</Text>
              ) : null}
            </Stack>
          </Paper>
          <Paper withBorder p="md">
            <Stack gap="xs">
              <Text size="sm">
                Clients join from their portal, or with a single-use link (it works once, on one device).
              </Text>
              <Button variant="default" onClick={() => sendLinks.mutate()} loading={sendLinks.isPending}>
                Send join link
              </Button>
              {sendLinks.isSuccess ? (
                <Text size="sm" role="status">
                  {sendLinks.data.sent === 0
                    ? 'No client has an e-mail address or phone number to send to.'
                    : `Sent ${sendLinks.data.sent} join link${sendLinks.data.sent === 1 ? '' : 's'}.`}
                </Text>
              ) : null}
            </Stack>
          </Paper>
          {problem ? (
            <Alert color="red" role="alert">
              {problem.message}
            </Alert>
          ) : null}
          <Text size="xs" c="dimmed">
            Audio and video go directly between you and your client; nothing is recorded or stored.
          </Text>
        </Stack>
      </Grid.Col>
      <Modal
        opened={confirmEnd}
        onClose={() => setConfirmEnd(false)}
        title="End the session for everyone?"
        centered
      >
        <Text size="sm" mb="md">
          The actual start and end times are recorded on the appointment, with place of service and modifier
          95 for the claim.
        </Text>
        {end.isError ? (
          <Alert color="red" role="alert" mb="sm">
            {end.error.message}
          </Alert>
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={() => setConfirmEnd(false)}>
            Keep going
          </Button>
          <Button color="red" onClick={() => end.mutate()} loading={end.isPending} data-autofocus>
            End session
          </Button>
        </Group>
      </Modal>
    </Grid>
  );
}

function Ended({ session, record }: { session: TelehealthSession; record: TelehealthEndResult | null }) {
  const time = (iso: string) =>
    new Date(iso).toLocaleTimeString('en-US', { hour: 'numeric', minute: '2-digit' });
  return (
    <Paper withBorder p="lg" maw={560}>
      <Stack gap="xs">
        <Text fw={600}>The session has ended.</Text>
        {record ? (
          <>
            <Text data-testid="session-duration">
              {time(record.startedAt)}–{time(record.endedAt)} · {record.minutes} minute
              {record.minutes === 1 ? '' : 's'}
            </Text>
            <Group gap="xs">
              <Badge variant="light">POS {record.placeOfService}</Badge>
              <Badge variant="light">Modifier {record.modifiers.join(', ')}</Badge>
              <Badge variant="light" color={record.supportedCode ? 'green' : 'gray'}>
                {record.supportedCode
                  ? `Supports ${record.supportedCode}`
                  : 'Under 16 minutes: no psychotherapy code'}
              </Badge>
            </Group>
          </>
        ) : session.startedAt && session.endedAt ? (
          <Text>
            {time(session.startedAt)}–{time(session.endedAt)}
          </Text>
        ) : (
          <Text c="dimmed">No one was admitted, so nothing was recorded on the appointment.</Text>
        )}
        <Anchor component={Link} to="/schedule">
          Back to the schedule
        </Anchor>
      </Stack>
    </Paper>
  );
}
