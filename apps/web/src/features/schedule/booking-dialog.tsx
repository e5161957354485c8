import {
  Alert,
  Button,
  Checkbox,
  Group,
  Modal,
  NumberInput,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import type { AppointmentKind, CreateAppointmentBody, SchedulingSetup } from '@mentalspace/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError } from '../../lib/api';
import { formatTime } from '../../lib/format';
import { zonedInstant } from '../../lib/zoned-days';
import { ClientPicker } from './client-picker';
import { schedulingApi } from './scheduling-api';

type Repeat = 'none' | 'weekly' | 'biweekly' | 'monthly' | 'custom';
const WEEKDAY_CODES = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

/** The rule for a repeat choice, starting on `date` (monthly: the same weekday of the month). */
function ruleFor(
  repeat: Repeat,
  date: string,
  custom: string,
  end: { kind: 'count' | 'until'; count: number; until: string },
) {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const weekday = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
  const nth = Math.ceil(d / 7);
  const base =
    repeat === 'weekly'
      ? 'FREQ=WEEKLY'
      : repeat === 'biweekly'
        ? 'FREQ=WEEKLY;INTERVAL=2'
        : repeat === 'monthly'
          ? `FREQ=MONTHLY;BYDAY=${nth > 4 ? -1 : nth}${WEEKDAY_CODES[weekday]}`
          : custom.trim();
  if (repeat === 'custom') return base;
  return end.kind === 'count'
    ? `${base};COUNT=${end.count}`
    : `${base};UNTIL=${end.until.replaceAll('-', '')}T235959Z`;
}

export interface BookingDraft {
  clinicianId: string | null;
  date: string;
  time: string;
}

/**
 * Book a session or a recurring series. The server checks everything again; its refusals
 * (a taken slot names the time it collides with) are shown in the dialog, and nothing is lost.
 */
export function BookingDialog({
  opened,
  onClose,
  draft,
  setup,
  timeZone,
}: {
  opened: boolean;
  onClose: () => void;
  draft: BookingDraft;
  setup: SchedulingSetup | undefined;
  timeZone: string;
}) {
  const queryClient = useQueryClient();
  const [clientId, setClientId] = useState<string | null>(null);
  const [partnerId, setPartnerId] = useState<string | null>(null);
  const [clinicianId, setClinicianId] = useState<string | null>(draft.clinicianId);
  const [typeId, setTypeId] = useState<string | null>(null);
  const [date, setDate] = useState(draft.date);
  const [time, setTime] = useState(draft.time);
  const [minutes, setMinutes] = useState<number>(50);
  const [modality, setModality] = useState<'in_person' | 'telehealth'>('in_person');
  const [roomId, setRoomId] = useState<string | null>(null);
  const [repeat, setRepeat] = useState<Repeat>('none');
  const [custom, setCustom] = useState('FREQ=WEEKLY;BYDAY=MO,TH;COUNT=12');
  const [endKind, setEndKind] = useState<'count' | 'until'>('count');
  const [count, setCount] = useState<number>(10);
  const [until, setUntil] = useState('');
  const [documenting, setDocumenting] = useState(false);

  const type = setup?.appointmentTypes.find((t) => t.id === typeId);
  const kind: AppointmentKind = type?.kind ?? (partnerId ? 'couple' : 'individual');

  const book = useMutation({
    mutationFn: () => {
      const startsAt = zonedInstant(date, time, timeZone);
      const body: CreateAppointmentBody = {
        clinicianId: clinicianId ?? '',
        clientId: clientId ?? '',
        additionalClientIds: partnerId ? [partnerId] : [],
        kind,
        modality,
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + minutes * 60_000).toISOString(),
        documenting,
        ...(typeId ? { appointmentTypeId: typeId } : {}),
        ...(roomId && modality === 'in_person' ? { roomId } : {}),
        ...(repeat !== 'none'
          ? {
              recurrence: { rrule: ruleFor(repeat, date, custom, { kind: endKind, count, until }), timeZone },
            }
          : {}),
      };
      return schedulingApi.book(body);
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['appointments'] });
      onClose();
      setClientId(null);
      setPartnerId(null);
      setRepeat('none');
    },
  });

  const error = book.error instanceof ApiError ? book.error : null;
  const conflict = error?.code === 'appointment_conflict';

  return (
    <Modal opened={opened} onClose={onClose} title="New appointment" size="lg">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          book.mutate();
        }}
      >
        <Stack gap="sm">
          <ClientPicker label="Client" value={clientId} onChange={setClientId} required />
          <Group grow>
            <Select
              label="Clinician"
              required
              data={(setup?.clinicians ?? []).map((c) => ({ value: c.id, label: c.name }))}
              value={clinicianId}
              onChange={setClinicianId}
            />
            <Select
              label="Appointment type"
              clearable
              data={(setup?.appointmentTypes ?? [])
                .filter((t) => t.active)
                .map((t) => ({ value: t.id, label: t.name }))}
              value={typeId}
              onChange={(value) => {
                setTypeId(value);
                const chosen = setup?.appointmentTypes.find((t) => t.id === value);
                if (chosen) {
                  setMinutes(chosen.durationMinutes);
                  setModality(chosen.modality);
                }
              }}
            />
          </Group>
          {kind !== 'individual' ? (
            <ClientPicker
              label="Second client (couple or family)"
              value={partnerId}
              onChange={setPartnerId}
            />
          ) : null}
          <Group grow>
            <TextInput
              label="Date"
              type="date"
              required
              value={date}
              onChange={(e) => setDate(e.currentTarget.value)}
            />
            <TextInput
              label="Start time"
              type="time"
              step={900}
              required
              value={time}
              onChange={(e) => setTime(e.currentTarget.value)}
            />
            <NumberInput
              label="Minutes"
              min={5}
              max={1440}
              step={5}
              required
              value={minutes}
              onChange={(v) => setMinutes(Number(v) || 0)}
            />
          </Group>
          <Group grow>
            <Select
              label="Where"
              allowDeselect={false}
              data={[
                { value: 'in_person', label: 'In person' },
                { value: 'telehealth', label: 'Video session' },
              ]}
              value={modality}
              onChange={(v) => setModality(v === 'telehealth' ? 'telehealth' : 'in_person')}
            />
            <Select
              label="Room"
              clearable
              disabled={modality !== 'in_person'}
              data={(setup?.rooms ?? [])
                .filter((r) => r.active)
                .map((r) => ({ value: r.id, label: `${r.name} · ${r.locationName}` }))}
              value={roomId}
              onChange={setRoomId}
            />
          </Group>
          <Group grow align="flex-end">
            <Select
              label="Repeats"
              allowDeselect={false}
              data={[
                { value: 'none', label: 'Does not repeat' },
                { value: 'weekly', label: 'Weekly' },
                { value: 'biweekly', label: 'Every 2 weeks' },
                { value: 'monthly', label: 'Monthly on the same weekday' },
                { value: 'custom', label: 'Custom rule (RRULE)' },
              ]}
              value={repeat}
              onChange={(v) => setRepeat(v ?? 'none')}
            />
            {repeat === 'custom' ? (
              <TextInput label="Rule" value={custom} onChange={(e) => setCustom(e.currentTarget.value)} />
            ) : repeat !== 'none' ? (
              <Group grow>
                <Select
                  label="Ends"
                  allowDeselect={false}
                  data={[
                    { value: 'count', label: 'After' },
                    { value: 'until', label: 'On date' },
                  ]}
                  value={endKind}
                  onChange={(v) => setEndKind(v === 'until' ? 'until' : 'count')}
                />
                {endKind === 'count' ? (
                  <NumberInput
                    label="Sessions"
                    min={1}
                    max={500}
                    value={count}
                    onChange={(v) => setCount(Number(v) || 1)}
                  />
                ) : (
                  <TextInput
                    label="Last date"
                    type="date"
                    required
                    value={until}
                    onChange={(e) => setUntil(e.currentTarget.value)}
                  />
                )}
              </Group>
            ) : null}
          </Group>
          <Checkbox
            label="Record a session that already happened"
            checked={documenting}
            onChange={(e) => setDocumenting(e.currentTarget.checked)}
          />
          {error ? (
            <Alert
              color={conflict ? 'orange' : 'red'}
              title={conflict ? 'That time is taken' : 'Not booked'}
              role="alert"
            >
              <Text size="sm">
                {conflict && error.conflict
                  ? `The ${error.conflict.resource} is booked ${formatTime(error.conflict.startsAt, timeZone)}–${formatTime(error.conflict.endsAt, timeZone)} on ${new Date(error.conflict.startsAt).toLocaleDateString('en-US', { timeZone })}. Choose another time.`
                  : error.message}
              </Text>
              {error.fieldErrors?.map((f) => (
                <Text size="sm" key={f.field}>
                  {f.field.replace(/^body\./, '')}: {f.message}
                </Text>
              ))}
            </Alert>
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={book.isPending} disabled={!clientId || !clinicianId}>
              {repeat === 'none' ? 'Book appointment' : 'Book series'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
