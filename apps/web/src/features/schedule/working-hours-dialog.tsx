import {
  ActionIcon,
  Alert,
  Button,
  Group,
  Modal,
  NumberInput,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import type { Availability } from '@mentalspace/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { LoadError, Loading } from '../../components/query-state';
import { ApiError } from '../../lib/api';
import { schedulingApi } from './scheduling-api';

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
interface Block {
  weekday: number;
  startsAt: string;
  endsAt: string;
}

/** A clinician's weekly hours, buffer and time off: what open slots and the waitlist work from. */
export function WorkingHoursDialog({ clinicianId, onClose }: { clinicianId: string; onClose: () => void }) {
  const availability = useQuery({
    queryKey: ['availability', clinicianId],
    queryFn: () => schedulingApi.availability(clinicianId),
  });
  return (
    <Modal opened onClose={onClose} title="Working hours" size="lg">
      {availability.isPending ? (
        <Loading label="Loading hours…" />
      ) : availability.isError ? (
        <LoadError error={availability.error} onRetry={() => void availability.refetch()} />
      ) : (
        <HoursEditor clinicianId={clinicianId} availability={availability.data} />
      )}
    </Modal>
  );
}

function HoursEditor({ clinicianId, availability }: { clinicianId: string; availability: Availability }) {
  const queryClient = useQueryClient();
  const [blocks, setBlocks] = useState<Block[]>(() =>
    availability.workingHours.map((h) => ({ weekday: h.weekday, startsAt: h.startsAt, endsAt: h.endsAt })),
  );
  const [buffer, setBuffer] = useState(availability.bufferMinutes);
  const [offStart, setOffStart] = useState('');
  const [offEnd, setOffEnd] = useState('');
  const [offReason, setOffReason] = useState('');

  const onSaved = (data: Awaited<ReturnType<typeof schedulingApi.availability>>) =>
    queryClient.setQueryData(['availability', clinicianId], data);
  const save = useMutation({
    mutationFn: () =>
      schedulingApi.saveAvailability(clinicianId, {
        timeZone: availability.timeZone,
        bufferMinutes: buffer,
        workingHours: blocks,
      }),
    onSuccess: onSaved,
  });
  const addOff = useMutation({
    mutationFn: () =>
      schedulingApi.addTimeOff(clinicianId, {
        startsAt: new Date(`${offStart}T00:00`).toISOString(),
        endsAt: new Date(new Date(`${offEnd || offStart}T00:00`).getTime() + 86_400_000).toISOString(),
        ...(offReason ? { reason: offReason } : {}),
      }),
    onSuccess: (data) => {
      onSaved(data);
      setOffStart('');
      setOffEnd('');
      setOffReason('');
    },
  });
  const error = [save.error, addOff.error].find((e): e is ApiError => e instanceof ApiError);

  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        Times are in {availability.timeZone}. Open slots and waitlist offers fall inside these hours.
      </Text>
      <Table>
        <Table.Tbody>
          {blocks.map((b, i) => (
            <Table.Tr key={i}>
              <Table.Td>
                <Select
                  aria-label="Day"
                  allowDeselect={false}
                  data={WEEKDAYS.map((d, n) => ({ value: String(n + 1), label: d }))}
                  value={String(b.weekday)}
                  onChange={(v) =>
                    setBlocks(blocks.map((x, j) => (j === i ? { ...x, weekday: Number(v) } : x)))
                  }
                />
              </Table.Td>
              <Table.Td>
                <TextInput
                  aria-label="From"
                  type="time"
                  value={b.startsAt}
                  onChange={(e) => {
                    const value = e.currentTarget.value;
                    setBlocks(blocks.map((x, j) => (j === i ? { ...x, startsAt: value } : x)));
                  }}
                />
              </Table.Td>
              <Table.Td>
                <TextInput
                  aria-label="To"
                  type="time"
                  value={b.endsAt}
                  onChange={(e) => {
                    const value = e.currentTarget.value;
                    setBlocks(blocks.map((x, j) => (j === i ? { ...x, endsAt: value } : x)));
                  }}
                />
              </Table.Td>
              <Table.Td>
                <ActionIcon
                  variant="subtle"
                  color="red"
                  aria-label={`Remove ${WEEKDAYS[b.weekday - 1]} hours`}
                  onClick={() => setBlocks(blocks.filter((_, j) => j !== i))}
                >
                  ×
                </ActionIcon>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Group>
        <Button
          variant="default"
          size="xs"
          onClick={() => setBlocks([...blocks, { weekday: 1, startsAt: '09:00', endsAt: '17:00' }])}
        >
          Add hours
        </Button>
        <NumberInput
          label="Buffer between sessions (minutes)"
          min={0}
          max={120}
          value={buffer}
          onChange={(v) => setBuffer(Number(v) || 0)}
          w={240}
        />
      </Group>
      <Group justify="flex-end">
        <Button onClick={() => save.mutate()} loading={save.isPending}>
          Save hours
        </Button>
      </Group>
      <Text fw={600} size="sm">
        Time off
      </Text>
      {availability.timeOff.length === 0 ? (
        <Text size="sm" c="dimmed">
          No time off ahead.
        </Text>
      ) : (
        availability.timeOff.map((t) => (
          <Text size="sm" key={t.id}>
            {new Date(t.startsAt).toLocaleDateString()} –{' '}
            {new Date(Date.parse(t.endsAt) - 1).toLocaleDateString()}
            {t.reason ? ` · ${t.reason}` : ''}
          </Text>
        ))
      )}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          addOff.mutate();
        }}
      >
        <Group align="flex-end" gap="xs">
          <TextInput
            label="First day"
            type="date"
            required
            value={offStart}
            onChange={(e) => setOffStart(e.currentTarget.value)}
          />
          <TextInput
            label="Last day"
            type="date"
            value={offEnd}
            onChange={(e) => setOffEnd(e.currentTarget.value)}
          />
          <TextInput label="Reason" value={offReason} onChange={(e) => setOffReason(e.currentTarget.value)} />
          <Button type="submit" variant="default" loading={addOff.isPending}>
            Add time off
          </Button>
        </Group>
      </form>
      {error ? (
        <Alert color="red" role="alert" title="Not saved">
          {error.message}
        </Alert>
      ) : null}
    </Stack>
  );
}
