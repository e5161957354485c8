import { Alert, Button, Paper, Radio, Stack, Text } from '@mantine/core';
import type { TelehealthSession } from '@mentalspace/contracts';
import { useState } from 'react';
import { CallController } from './call-controller';
import { CallView, useCallController } from './call-view';
import { useKeepAlive } from './use-keep-alive';

const noKeepAlive = () => Promise.resolve();

/**
 * Before joining: where the client is (the claim's place of service: 10 at home, 02 elsewhere).
 * Nothing is sent until they press Join.
 */
export function PreJoin({
  onJoin,
  pending,
  error,
}: {
  onJoin: (atHome: boolean) => void;
  pending: boolean;
  error: Error | null;
}) {
  const [where, setWhere] = useState<'home' | 'elsewhere'>('home');
  return (
    <Stack gap="sm">
      <Radio.Group
        label="Where are you joining from?"
        description="Your insurer asks where you are during a video session."
        value={where}
        onChange={(value) => setWhere(value)}
      >
        <Stack gap={6} mt={6}>
          <Radio value="home" label="At home" />
          <Radio value="elsewhere" label="Somewhere else" />
        </Stack>
      </Radio.Group>
      {error ? (
        <Alert color="red" role="alert">
          {error.message}
        </Alert>
      ) : null}
      <Button onClick={() => onJoin(where === 'home')} loading={pending}>
        Join the waiting room
      </Button>
      <Text size="xs" c="dimmed">
        Your browser will ask to use your camera and microphone. The video goes directly between you and your
        clinician; nothing is recorded.
      </Text>
    </Stack>
  );
}

/** A client's side once they joined: the waiting room, then the call, then its end. */
export function ParticipantCall({
  session,
  reload,
  keepAlive,
}: {
  session: TelehealthSession;
  /** The session as this client sees it (the ICE servers arrive once admitted). */
  reload: () => Promise<TelehealthSession>;
  /** For a signed-in portal client: keeps the sign-in alive through a long call. */
  keepAlive?: () => Promise<unknown>;
}) {
  const { controller, snapshot } = useCallController(
    () =>
      new CallController({
        sessionId: session.id,
        participantId: session.me.participantId,
        loadIceServers: () => reload().then((s) => s.iceServers),
        ...(keepAlive ? { refreshSession: keepAlive } : {}),
      }),
  );
  useKeepAlive(keepAlive ?? noKeepAlive, Boolean(keepAlive) && snapshot.phase === 'in_call');
  const clinician = session.clinicianName;
  if (snapshot.phase === 'ended')
    return <Notice title="The session has ended">Thank you. You can close this window.</Notice>;
  if (snapshot.phase === 'removed')
    return (
      <Notice title="You are no longer in this session">Your clinician closed the session to you.</Notice>
    );
  if (snapshot.phase === 'refused')
    return (
      <Notice title="This session is not available">
        It may have ended. Contact your practice if you need help.
      </Notice>
    );
  if (snapshot.phase !== 'in_call')
    return (
      <Stack gap="sm">
        <Paper withBorder p="md" role="status" aria-live="polite">
          <Text fw={600}>
            {snapshot.phase === 'waiting' ? `Waiting for ${clinician} to let you in…` : 'Joining…'}
          </Text>
          <Text size="sm" c="dimmed">
            Keep this page open. You will join the call as soon as {clinician} admits you.
          </Text>
        </Paper>
        <CallView controller={controller} snapshot={snapshot} emptyText="Your clinician will appear here." />
      </Stack>
    );
  return <CallView controller={controller} snapshot={snapshot} emptyText={`Connecting to ${clinician}…`} />;
}

function Notice({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Paper withBorder p="lg" role="status">
      <Text fw={600}>{title}</Text>
      <Text size="sm">{children}</Text>
    </Paper>
  );
}
