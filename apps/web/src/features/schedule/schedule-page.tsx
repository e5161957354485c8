import { Alert, Button, Group, Paper, SegmentedControl, Select, Stack, Text, Title } from '@mantine/core';
import type { Appointment } from '@mentalspace/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Empty, LoadError, Loading } from '../../components/query-state';
import { ApiError } from '../../lib/api';
import { formatDayHeading, formatTime } from '../../lib/format';
import { zonedDateTime, zonedInstant, zonedMonth, zonedRange } from '../../lib/zoned-days';
import { useSession } from '../session/use-session';
import { AppointmentDrawer } from './appointment-drawer';
import { BookingDialog, type BookingDraft } from './booking-dialog';
import { MonthGrid } from './month-grid';
import { schedulingApi } from './scheduling-api';
import { TimeGrid } from './time-grid';
import { WorkingHoursDialog } from './working-hours-dialog';

type View = 'day' | 'week' | 'month';
const ALL = 'all';

const shift = (anchor: Date, view: View, direction: 1 | -1) =>
  view === 'month'
    ? new Date(anchor.getTime() + direction * 31 * 86_400_000)
    : new Date(anchor.getTime() + direction * (view === 'day' ? 1 : 7) * 86_400_000);

/**
 * The calendar: one clinician's or (for practice-wide roles) everyone's day, week or month,
 * filtered by location and room. Book by clicking a time or with "New appointment"; move by
 * dragging or from the appointment's details.
 */
export function SchedulePage() {
  const session = useSession();
  const queryClient = useQueryClient();
  const setup = useQuery({ queryKey: ['scheduling-setup'], queryFn: schedulingApi.setup });
  const me = session.data?.user;
  const ownSchedule = me && (me.role === 'clinician' || me.role === 'supervisor');
  const [chosen, setChosen] = useState<string | null>(null);
  const [locationId, setLocationId] = useState<string | null>(null);
  const [roomId, setRoomId] = useState<string | null>(null);
  const [view, setView] = useState<View>('week');
  const [anchor, setAnchor] = useState(() => new Date());
  const [openId, setOpenId] = useState<string | null>(null);
  const [draft, setDraft] = useState<BookingDraft | null>(null);
  const [hoursOpen, setHoursOpen] = useState(false);
  const timeZone = session.data?.practice.timeZone ?? 'UTC';
  const clinicianChoice = chosen ?? (ownSchedule ? me.id : ALL);
  const clinicianId = clinicianChoice === ALL ? undefined : clinicianChoice;
  const month = view === 'month' ? zonedMonth(anchor, timeZone) : null;
  const range = month ?? zonedRange(anchor, view === 'day' ? 'day' : 'week', timeZone);

  const schedule = useQuery({
    queryKey: ['appointments', clinicianId, locationId, roomId, range.from.toISOString(), view],
    queryFn: () =>
      schedulingApi.appointments({
        clinicianId,
        locationId: locationId ?? undefined,
        roomId: roomId ?? undefined,
        from: range.from,
        to: range.to,
      }),
    enabled: session.isSuccess,
    placeholderData: keepPreviousData,
  });

  const drop = useMutation({
    mutationFn: ({ appointment, day, minute }: { appointment: Appointment; day: Date; minute: number }) => {
      const { date } = zonedDateTime(day, timeZone);
      const time = `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
      const startsAt = zonedInstant(date, time, timeZone);
      const length = Date.parse(appointment.endsAt) - Date.parse(appointment.startsAt);
      return schedulingApi.move(appointment.id, {
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + length).toISOString(),
        scope: 'this',
      });
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['appointments'] }),
  });
  const dropError = drop.error instanceof ApiError ? drop.error : null;

  const pick = (day: Date, minute?: number) => {
    const { date } = zonedDateTime(day, timeZone);
    const m = minute ?? 9 * 60;
    setDraft({
      clinicianId: clinicianId ?? null,
      date,
      time: `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`,
    });
  };

  const heading =
    view === 'day'
      ? formatDayHeading(range.from, timeZone)
      : view === 'week'
        ? `${formatDayHeading(range.days[0]!, timeZone)} – ${formatDayHeading(range.days[6]!, timeZone)}`
        : new Intl.DateTimeFormat('en-US', { timeZone, month: 'long', year: 'numeric' }).format(
            range.days[15],
          );

  const rooms = (setup.data?.rooms ?? []).filter((r) => !locationId || r.locationId === locationId);

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        <Title order={2}>Schedule</Title>
        <Group gap="xs">
          {clinicianId ? (
            <Button variant="default" onClick={() => setHoursOpen(true)}>
              Working hours
            </Button>
          ) : null}
          <Button onClick={() => pick(view === 'day' ? range.from : new Date())}>New appointment</Button>
        </Group>
      </Group>
      <Group gap="sm" wrap="wrap">
        <Select
          aria-label="Clinician"
          placeholder={setup.isPending ? 'Loading clinicians…' : 'Choose a clinician'}
          data={[
            ...(ownSchedule ? [] : [{ value: ALL, label: 'All clinicians' }]),
            ...(setup.data?.clinicians ?? []).map((c) => ({ value: c.id, label: c.name })),
          ]}
          value={clinicianChoice}
          onChange={setChosen}
          w={220}
          allowDeselect={false}
        />
        <Select
          aria-label="Location"
          placeholder="All locations"
          clearable
          data={(setup.data?.locations ?? []).map((l) => ({ value: l.id, label: l.name }))}
          value={locationId}
          onChange={(v) => {
            setLocationId(v);
            setRoomId(null);
          }}
          w={180}
        />
        <Select
          aria-label="Room"
          placeholder="All rooms"
          clearable
          data={rooms.map((r) => ({ value: r.id, label: r.name }))}
          value={roomId}
          onChange={setRoomId}
          w={150}
        />
        <SegmentedControl
          aria-label="View"
          value={view}
          onChange={(v) => setView(v)}
          data={[
            { value: 'day', label: 'Day' },
            { value: 'week', label: 'Week' },
            { value: 'month', label: 'Month' },
          ]}
        />
      </Group>
      <Group gap="xs">
        <Button
          variant="default"
          onClick={() => setAnchor((a) => shift(a, view, -1))}
          aria-label={`Previous ${view}`}
        >
          ‹ Previous
        </Button>
        <Button variant="default" onClick={() => setAnchor(new Date())}>
          Today
        </Button>
        <Button
          variant="default"
          onClick={() => setAnchor((a) => shift(a, view, 1))}
          aria-label={`Next ${view}`}
        >
          Next ›
        </Button>
        <Text fw={500} ml="sm" aria-live="polite">
          {heading}
        </Text>
      </Group>
      {dropError ? (
        <Alert color="orange" title="Not moved" role="alert" withCloseButton onClose={() => drop.reset()}>
          {dropError.code === 'appointment_conflict' && dropError.conflict
            ? `The ${dropError.conflict.resource} is booked ${formatTime(dropError.conflict.startsAt, timeZone)}–${formatTime(dropError.conflict.endsAt, timeZone)} then.`
            : dropError.message}
        </Alert>
      ) : null}
      <Paper withBorder p="md">
        {schedule.isPending ? (
          <Loading label="Loading schedule…" />
        ) : schedule.isError ? (
          <LoadError error={schedule.error} onRetry={() => void schedule.refetch()} />
        ) : view === 'month' ? (
          <MonthGrid
            days={range.days}
            month={month?.month ?? 0}
            timeZone={timeZone}
            appointments={schedule.data.items}
            onOpen={(a) => setOpenId(a.id)}
            onPickDay={(day) => {
              setAnchor(day);
              setView('day');
            }}
          />
        ) : (
          <>
            {schedule.data.items.length === 0 ? (
              <Empty>No appointments in this {view}. Click a time to book one.</Empty>
            ) : null}
            <TimeGrid
              days={range.days}
              timeZone={timeZone}
              appointments={schedule.data.items}
              onOpen={(a) => setOpenId(a.id)}
              onPickTime={(day, minute) => pick(day, minute)}
              onDropAppointment={(appointment, day, minute) => drop.mutate({ appointment, day, minute })}
            />
          </>
        )}
      </Paper>
      <AppointmentDrawer appointmentId={openId} onClose={() => setOpenId(null)} timeZone={timeZone} />
      {draft ? (
        <BookingDialog
          opened
          onClose={() => setDraft(null)}
          draft={draft}
          setup={setup.data}
          timeZone={timeZone}
        />
      ) : null}
      {clinicianId && hoursOpen ? (
        <WorkingHoursDialog clinicianId={clinicianId} onClose={() => setHoursOpen(false)} />
      ) : null}
    </Stack>
  );
}
