import {
  Alert,
  Badge,
  Button,
  Chip,
  Group,
  NumberInput,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import type { WaitlistEntry } from '@mentalspace/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Empty, LoadError, Loading } from '../../components/query-state';
import { ApiError } from '../../lib/api';
import { useSession } from '../session/use-session';
import { ClientPicker } from '../schedule/client-picker';
import { schedulingApi } from '../schedule/scheduling-api';

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const hhmm = (minute: number) =>
  `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
const toMinute = (value: string) => {
  const [h, m] = value.split(':').map(Number) as [number, number];
  return h * 60 + m;
};

function preferences(entry: WaitlistEntry, clinicianName: (id: string) => string) {
  const days = entry.weekdays.length ? entry.weekdays.map((d) => DAYS[d - 1]).join(', ') : 'Any day';
  const hours =
    entry.earliestMinute === 0 && entry.latestMinute === 1440
      ? 'any time'
      : `${hhmm(entry.earliestMinute)}–${hhmm(entry.latestMinute % 1440 === 0 ? 1439 : entry.latestMinute)}`;
  const who = entry.clinicianIds.length ? entry.clinicianIds.map(clinicianName).join(', ') : 'any clinician';
  const where =
    entry.modality === 'telehealth' ? 'video' : entry.modality === 'in_person' ? 'in person' : 'either';
  return `${days}, ${hours}; ${who}; ${where}`;
}

/**
 * Clients waiting for an opening. When an appointment is cancelled, the best matches here are
 * offered the slot by email or SMS; the first to claim it gets it.
 */
export function WaitlistPage() {
  const queryClient = useQueryClient();
  const session = useSession();
  const list = useQuery({ queryKey: ['waitlist'], queryFn: schedulingApi.waitlist });
  const setup = useQuery({ queryKey: ['scheduling-setup'], queryFn: schedulingApi.setup });
  const [clientId, setClientId] = useState<string | null>(null);
  const [clinicianId, setClinicianId] = useState<string | null>(null);
  const [weekdays, setWeekdays] = useState<string[]>([]);
  const [earliest, setEarliest] = useState('08:00');
  const [latest, setLatest] = useState('20:00');
  const [modality, setModality] = useState<string | null>(null);
  const [priority, setPriority] = useState<number>(3);
  const [note, setNote] = useState('');
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['waitlist'] });
  const add = useMutation({
    mutationFn: () =>
      schedulingApi.addToWaitlist({
        clientId: clientId ?? '',
        clinicianIds: clinicianId ? [clinicianId] : [],
        weekdays: weekdays.map(Number),
        earliestMinute: toMinute(earliest),
        latestMinute: latest === '00:00' ? 1440 : toMinute(latest),
        modality: modality === 'in_person' || modality === 'telehealth' ? modality : null,
        priority,
        ...(note ? { note } : {}),
      }),
    onSuccess: async () => {
      setClientId(null);
      setNote('');
      await refresh();
    },
  });
  const remove = useMutation({ mutationFn: schedulingApi.removeFromWaitlist, onSuccess: refresh });
  const name = (id: string) => setup.data?.clinicians.find((c) => c.id === id)?.name ?? 'a clinician';
  const error = [add.error, remove.error].find((e): e is ApiError => e instanceof ApiError);
  const timeZone = session.data?.practice.timeZone ?? 'UTC';

  return (
    <Stack gap="md">
      <Title order={2}>Waitlist</Title>
      <Paper withBorder p="md">
        <form
          onSubmit={(event) => {
            event.preventDefault();
            add.mutate();
          }}
        >
          <Stack gap="sm">
            <Text fw={600}>Add a client</Text>
            <Group grow align="flex-end">
              <ClientPicker label="Client" value={clientId} onChange={setClientId} required />
              <Select
                label="Clinician"
                placeholder="Any clinician"
                clearable
                data={(setup.data?.clinicians ?? []).map((c) => ({ value: c.id, label: c.name }))}
                value={clinicianId}
                onChange={setClinicianId}
              />
              <Select
                label="Modality"
                placeholder="Either"
                clearable
                data={[
                  { value: 'in_person', label: 'In person' },
                  { value: 'telehealth', label: 'Video' },
                ]}
                value={modality}
                onChange={setModality}
              />
            </Group>
            <Chip.Group multiple value={weekdays} onChange={setWeekdays}>
              <Group gap={6} aria-label="Days that suit">
                {DAYS.map((d, i) => (
                  <Chip key={d} value={String(i + 1)} size="xs">
                    {d}
                  </Chip>
                ))}
              </Group>
            </Chip.Group>
            <Group grow align="flex-end">
              <TextInput
                label="Earliest start"
                type="time"
                value={earliest}
                onChange={(e) => setEarliest(e.currentTarget.value)}
              />
              <TextInput
                label="Finished by"
                type="time"
                value={latest}
                onChange={(e) => setLatest(e.currentTarget.value)}
              />
              <NumberInput
                label="Priority (1 most urgent)"
                min={1}
                max={5}
                value={priority}
                onChange={(v) => setPriority(Number(v) || 3)}
              />
              <TextInput label="Note" value={note} onChange={(e) => setNote(e.currentTarget.value)} />
            </Group>
            <Group justify="flex-end">
              <Button type="submit" loading={add.isPending} disabled={!clientId}>
                Add to waitlist
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
      {error ? (
        <Alert color="red" role="alert" title="Not saved">
          {error.message}
        </Alert>
      ) : null}
      <Paper withBorder p="md">
        {list.isPending ? (
          <Loading label="Loading the waitlist…" />
        ) : list.isError ? (
          <LoadError error={list.error} onRetry={() => void list.refetch()} />
        ) : list.data.items.length === 0 ? (
          <Empty>Nobody is waiting.</Empty>
        ) : (
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Priority</Table.Th>
                <Table.Th>Client</Table.Th>
                <Table.Th>What suits them</Table.Th>
                <Table.Th>Waiting since</Table.Th>
                <Table.Th>Last offer</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.items.map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td>{e.priority}</Table.Td>
                  <Table.Td>
                    {e.clientName}
                    {e.note ? (
                      <Text size="xs" c="dimmed">
                        {e.note}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{preferences(e, name)}</Text>
                  </Table.Td>
                  <Table.Td>{new Date(e.createdAt).toLocaleDateString('en-US', { timeZone })}</Table.Td>
                  <Table.Td>
                    {e.lastOffer ? (
                      <Badge variant="light" color={e.lastOffer.status === 'offered' ? 'blue' : 'gray'}>
                        {e.lastOffer.status} ·{' '}
                        {new Date(e.lastOffer.startsAt).toLocaleDateString('en-US', {
                          timeZone,
                          month: 'short',
                          day: 'numeric',
                        })}
                      </Badge>
                    ) : (
                      '—'
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Button
                      size="xs"
                      variant="subtle"
                      color="red"
                      onClick={() => remove.mutate(e.id)}
                      aria-label={`Remove ${e.clientName} from the waitlist`}
                    >
                      Remove
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
    </Stack>
  );
}
