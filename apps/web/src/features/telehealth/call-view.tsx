import {
  Alert,
  Badge,
  Box,
  Button,
  Group,
  Paper,
  Popover,
  Select,
  SimpleGrid,
  Stack,
  Text,
} from '@mantine/core';
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { CallController } from './call-controller';
import { type PeerView, type Quality } from './call-controller';

const QUALITY_COLORS: Record<Quality, string> = {
  good: 'green',
  fair: 'yellow',
  poor: 'red',
  unknown: 'gray',
};
const STATE_LABELS: Partial<Record<RTCPeerConnectionState, string>> = {
  new: 'Connecting…',
  connecting: 'Connecting…',
  disconnected: 'Connection interrupted — reconnecting…',
  failed: 'Connection lost — reconnecting…',
  closed: 'Left',
};

/** A controller for the page's lifetime: started on mount, hung up on unmount. */
export function useCallController(create: () => CallController) {
  const [controller] = useState(create);
  useEffect(() => {
    void controller.start();
    return () => controller.stop();
  }, [controller]);
  const snapshot = useSyncExternalStore(controller.subscribe, controller.snapshot);
  return { controller, snapshot };
}

/** A `<video>` showing a stream (set as srcObject, which React has no attribute for). */
function StreamVideo({
  stream,
  label,
  local,
}: {
  stream: MediaStream | null;
  label: string;
  local?: boolean;
}) {
  return (
    <video
      aria-label={label}
      autoPlay
      playsInline
      muted={local ?? false}
      ref={(element) => {
        if (element && element.srcObject !== stream) element.srcObject = stream;
      }}
      style={{
        width: '100%',
        aspectRatio: '16 / 9',
        background: '#1f2933',
        borderRadius: 8,
        objectFit: 'cover',
        transform: local ? 'scaleX(-1)' : undefined,
      }}
    />
  );
}

function RemoteTile({ peer }: { peer: PeerView }) {
  return (
    <Paper
      withBorder
      p="xs"
      data-testid="remote-video"
      data-peer-state={peer.state}
      data-frames={peer.framesDecoded}
    >
      <StreamVideo stream={peer.stream} label={`Video of ${peer.name || 'the other participant'}`} />
      <Group justify="space-between" mt={4}>
        <Text size="sm" fw={500}>
          {peer.name}
        </Text>
        {peer.state === 'connected' ? (
          <Badge
            color={QUALITY_COLORS[peer.quality]}
            variant="light"
            aria-label={`Connection quality: ${peer.quality}`}
          >
            {peer.quality === 'unknown' ? 'Measuring…' : `Connection ${peer.quality}`}
          </Badge>
        ) : (
          <Text size="xs" c="dimmed" role="status">
            {STATE_LABELS[peer.state] ?? peer.state}
          </Text>
        )}
      </Group>
    </Paper>
  );
}

/** The call: the others' video, one's own preview, and the controls (all reachable by keyboard). */
export function CallView({
  controller,
  snapshot,
  emptyText,
  extraControls,
}: {
  controller: CallController;
  snapshot: ReturnType<CallController['snapshot']>;
  emptyText: string;
  extraControls?: React.ReactNode;
}) {
  return (
    <Stack gap="sm">
      {snapshot.signalling === 'reconnecting' ? (
        <Alert color="yellow" role="status" title="Reconnecting…">
          The connection to the practice dropped. The call continues if it can; this reconnects on its own.
        </Alert>
      ) : null}
      {snapshot.mediaError ? (
        <Alert color="red" role="alert" title="No camera or microphone">
          {snapshot.mediaError}
        </Alert>
      ) : null}
      <SimpleGrid cols={{ base: 1, md: snapshot.peers.length > 1 ? 2 : 1 }}>
        {snapshot.peers.length === 0 ? (
          <Paper withBorder p="xl">
            <Text c="dimmed" ta="center">
              {emptyText}
            </Text>
          </Paper>
        ) : (
          snapshot.peers.map((peer) => <RemoteTile key={peer.id} peer={peer} />)
        )}
      </SimpleGrid>
      <Group align="flex-end" justify="space-between" wrap="wrap">
        <Box w={220}>
          <StreamVideo stream={snapshot.local} label="Your camera" local />
        </Box>
        <Group gap="xs" role="toolbar" aria-label="Call controls">
          <Button
            variant={snapshot.muted ? 'filled' : 'default'}
            color={snapshot.muted ? 'red' : undefined}
            aria-pressed={snapshot.muted}
            onClick={() => controller.toggleMute()}
          >
            {snapshot.muted ? 'Unmute' : 'Mute'}
          </Button>
          <Button
            variant={snapshot.cameraOff ? 'filled' : 'default'}
            color={snapshot.cameraOff ? 'red' : undefined}
            aria-pressed={snapshot.cameraOff}
            onClick={() => controller.toggleCamera()}
          >
            {snapshot.cameraOff ? 'Turn camera on' : 'Turn camera off'}
          </Button>
          {snapshot.phase === 'in_call' ? (
            <Button
              variant="default"
              aria-pressed={snapshot.sharing}
              onClick={() => void controller.toggleScreenShare()}
            >
              {snapshot.sharing ? 'Stop sharing' : 'Share screen'}
            </Button>
          ) : null}
          <DeviceMenu controller={controller} snapshot={snapshot} />
          {extraControls}
        </Group>
      </Group>
    </Stack>
  );
}

function DeviceMenu({
  controller,
  snapshot,
}: {
  controller: CallController;
  snapshot: ReturnType<CallController['snapshot']>;
}) {
  const options = (devices: MediaDeviceInfo[], kind: string) =>
    devices.map((d, i) => ({ value: d.deviceId, label: d.label || `${kind} ${i + 1}` }));
  return (
    <Popover position="top" withArrow trapFocus>
      <Popover.Target>
        <Button variant="default">Devices</Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs" w={280}>
          <Select
            label="Microphone"
            data={options(snapshot.devices.audio, 'Microphone')}
            value={snapshot.audioDeviceId}
            onChange={(value) => void controller.selectDevices(value, snapshot.videoDeviceId)}
            allowDeselect={false}
            comboboxProps={{ withinPortal: false }}
          />
          <Select
            label="Camera"
            data={options(snapshot.devices.video, 'Camera')}
            value={snapshot.videoDeviceId}
            onChange={(value) => void controller.selectDevices(snapshot.audioDeviceId, value)}
            allowDeselect={false}
            comboboxProps={{ withinPortal: false }}
          />
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
