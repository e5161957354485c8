import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  MultiSelect,
  NumberInput,
  Paper,
  Select,
  Stack,
  Switch,
  Table,
  TagsInput,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import {
  AppointmentTypeSchema,
  RoomSchema,
  type SchedulingSettings,
  type SchedulingSetup,
} from '@mentalspace/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { z } from 'zod';
import { LoadError, Loading } from '../../components/query-state';
import { ApiError, patch, post } from '../../lib/api';
import { schedulingApi } from '../schedule/scheduling-api';

const problemOf = (...errors: unknown[]) => errors.find((e): e is ApiError => e instanceof ApiError);

/** Owners and admins: what the practice books, where, and how reminders, waitlist and online booking behave. */
export function SchedulingSetupPage() {
  const setup = useQuery({ queryKey: ['scheduling-setup'], queryFn: schedulingApi.setup });
  const settings = useQuery({ queryKey: ['scheduling-settings'], queryFn: schedulingApi.settings });
  return (
    <Stack gap="md">
      <Title order={2}>Scheduling setup</Title>
      {setup.isPending || settings.isPending ? (
        <Loading label="Loading setup…" />
      ) : setup.isError ? (
        <LoadError error={setup.error} onRetry={() => void setup.refetch()} />
      ) : settings.isError ? (
        <LoadError error={settings.error} onRetry={() => void settings.refetch()} />
      ) : (
        <>
          <AppointmentTypes setup={setup.data} />
          <Rooms setup={setup.data} />
          <SettingsForm initial={settings.data} setup={setup.data} />
        </>
      )}
    </Stack>
  );
}

function AppointmentTypes({ setup }: { setup: SchedulingSetup }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [minutes, setMinutes] = useState<number>(53);
  const [cpt, setCpt] = useState('90837');
  const [modality, setModality] = useState<'in_person' | 'telehealth'>('in_person');
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['scheduling-setup'] });
  const add = useMutation({
    mutationFn: () =>
      post(AppointmentTypeSchema, '/appointment-types', {
        name,
        durationMinutes: minutes,
        cptCode: cpt || null,
        modality,
      }),
    onSuccess: async () => {
      setName('');
      await refresh();
    },
  });
  const change = useMutation({
    mutationFn: ({ id, body }: { id: string; body: { active?: boolean; bookableOnline?: boolean } }) =>
      patch(z.null(), `/appointment-types/${encodeURIComponent(id)}`, body),
    onSuccess: refresh,
  });
  const error = problemOf(add.error, change.error);
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Title order={3}>Appointment types</Title>
        <Table aria-label="Appointment types">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Minutes</Table.Th>
              <Table.Th>CPT</Table.Th>
              <Table.Th>Where</Table.Th>
              <Table.Th>Online booking</Table.Th>
              <Table.Th>In use</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {setup.appointmentTypes.map((t) => (
              <Table.Tr key={t.id}>
                <Table.Td>{t.name}</Table.Td>
                <Table.Td>{t.durationMinutes}</Table.Td>
                <Table.Td>{t.cptCode ?? '—'}</Table.Td>
                <Table.Td>{t.modality === 'telehealth' ? 'Video' : 'In person'}</Table.Td>
                <Table.Td>
                  <Checkbox
                    aria-label={`${t.name} bookable online`}
                    checked={t.bookableOnline}
                    onChange={(e) =>
                      change.mutate({ id: t.id, body: { bookableOnline: e.currentTarget.checked } })
                    }
                  />
                </Table.Td>
                <Table.Td>
                  <Checkbox
                    aria-label={`${t.name} in use`}
                    checked={t.active}
                    onChange={(e) => change.mutate({ id: t.id, body: { active: e.currentTarget.checked } })}
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            add.mutate();
          }}
        >
          <Group align="flex-end" gap="xs">
            <TextInput
              label="New type"
              required
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
            />
            <NumberInput
              label="Minutes"
              min={5}
              max={1440}
              w={100}
              value={minutes}
              onChange={(v) => setMinutes(Number(v) || 50)}
            />
            <TextInput label="CPT code" w={110} value={cpt} onChange={(e) => setCpt(e.currentTarget.value)} />
            <Select
              label="Where"
              w={150}
              allowDeselect={false}
              data={[
                { value: 'in_person', label: 'In person' },
                { value: 'telehealth', label: 'Video' },
              ]}
              value={modality}
              onChange={(v) => setModality(v === 'telehealth' ? 'telehealth' : 'in_person')}
            />
            <Button type="submit" loading={add.isPending}>
              Add type
            </Button>
          </Group>
        </form>
        {error ? (
          <Alert color="red" role="alert">
            {error.message}
          </Alert>
        ) : null}
      </Stack>
    </Paper>
  );
}

function Rooms({ setup }: { setup: SchedulingSetup }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [locationId, setLocationId] = useState<string | null>(setup.locations[0]?.id ?? null);
  const add = useMutation({
    mutationFn: () => post(RoomSchema.omit({ locationName: true }), '/rooms', { locationId, name }),
    onSuccess: async () => {
      setName('');
      await queryClient.invalidateQueries({ queryKey: ['scheduling-setup'] });
    },
  });
  const error = problemOf(add.error);
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Title order={3}>Rooms</Title>
        {setup.rooms.length === 0 ? (
          <Text size="sm" c="dimmed">
            No rooms yet. Rooms keep two in-person sessions out of one room.
          </Text>
        ) : (
          <Group gap="xs">
            {setup.rooms.map((r) => (
              <Badge key={r.id} variant="light" size="lg">
                {r.name} · {r.locationName}
              </Badge>
            ))}
          </Group>
        )}
        <form
          onSubmit={(event) => {
            event.preventDefault();
            add.mutate();
          }}
        >
          <Group align="flex-end" gap="xs">
            <Select
              label="Location"
              required
              data={setup.locations.map((l) => ({ value: l.id, label: l.name }))}
              value={locationId}
              onChange={setLocationId}
            />
            <TextInput
              label="Room name"
              required
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
            />
            <Button type="submit" loading={add.isPending} disabled={!locationId}>
              Add room
            </Button>
          </Group>
        </form>
        {error ? (
          <Alert color="red" role="alert">
            {error.message}
          </Alert>
        ) : null}
      </Stack>
    </Paper>
  );
}

function SettingsForm({ initial, setup }: { initial: SchedulingSettings; setup: SchedulingSetup }) {
  const queryClient = useQueryClient();
  const [value, setValue] = useState(initial);
  const save = useMutation({
    mutationFn: () => schedulingApi.saveSettings(value),
    onSuccess: (data) => queryClient.setQueryData(['scheduling-settings'], data),
  });
  const set = <K extends keyof SchedulingSettings>(key: K, v: SchedulingSettings[K]) =>
    setValue({ ...value, [key]: v });
  const booking = value.selfBooking;
  const error = problemOf(save.error);
  return (
    <Paper withBorder p="md">
      <form
        aria-label="Scheduling settings"
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate();
        }}
      >
        <Stack gap="sm">
          <Title order={3}>Reminders, cancellations, waitlist and online booking</Title>
          <Group grow align="flex-end">
            <NumberInput
              label="A client's cancellation is late within (hours)"
              min={0}
              max={168}
              value={value.lateCancelHours}
              onChange={(v) => set('lateCancelHours', Number(v) || 0)}
            />
            <TagsInput
              label="Reminders, hours before the session"
              value={value.reminderOffsetsHours.map(String)}
              onChange={(tags) =>
                set(
                  'reminderOffsetsHours',
                  tags.map(Number).filter((n) => Number.isInteger(n) && n > 0),
                )
              }
            />
          </Group>
          <Switch
            label="Reminders name the clinician"
            checked={value.remindersNameClinician}
            onChange={(e) => set('remindersNameClinician', e.currentTarget.checked)}
          />
          <Group grow>
            <NumberInput
              label="A waitlist offer can be claimed for (hours)"
              min={1}
              max={72}
              value={value.offerExpiryHours}
              onChange={(v) => set('offerExpiryHours', Number(v) || 1)}
            />
            <NumberInput
              label="Clients offered each opening at once"
              min={1}
              max={20}
              value={value.offersPerOpening}
              onChange={(v) => set('offersPerOpening', Number(v) || 1)}
            />
          </Group>
          <Switch
            label="Clients can book online in the portal"
            checked={booking.enabled}
            onChange={(e) => set('selfBooking', { ...booking, enabled: e.currentTarget.checked })}
          />
          {booking.enabled ? (
            <Group grow align="flex-end">
              <Select
                label="Online bookings"
                allowDeselect={false}
                data={[
                  { value: 'request', label: 'Are requests the practice approves' },
                  { value: 'instant', label: 'Are booked at once' },
                ]}
                value={booking.mode}
                onChange={(v) =>
                  set('selfBooking', { ...booking, mode: v === 'instant' ? 'instant' : 'request' })
                }
              />
              <NumberInput
                label="Notice needed (hours)"
                min={0}
                max={336}
                value={booking.minNoticeHours}
                onChange={(v) => set('selfBooking', { ...booking, minNoticeHours: Number(v) || 0 })}
              />
              <MultiSelect
                label="Clinicians offered"
                placeholder="Each client's own care team"
                data={setup.clinicians.map((c) => ({ value: c.id, label: c.name }))}
                value={booking.clinicianIds}
                onChange={(ids) => set('selfBooking', { ...booking, clinicianIds: ids })}
              />
            </Group>
          ) : null}
          {error ? (
            <Alert color="red" role="alert">
              {error.message}
            </Alert>
          ) : null}
          <Group justify="flex-end">
            {save.isSuccess ? (
              <Text size="sm" c="teal">
                Saved.
              </Text>
            ) : null}
            <Button type="submit" loading={save.isPending}>
              Save settings
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
