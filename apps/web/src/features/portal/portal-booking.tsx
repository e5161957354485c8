import { Alert, Button, Group, Select, Stack, Text } from '@mantine/core';
import {
  PortalBookingOptionsSchema,
  PortalBookingResultSchema,
  SlotListSchema,
} from '@mentalspace/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Empty, LoadError, Loading } from '../../components/query-state';
import { ApiError, post, request } from '../../lib/api';

const WEEK = 7 * 86_400_000;

/** Open times grouped by the day they fall on, in the clinician's zone. */
function byDay(items: { startsAt: string }[], timeZone: string | undefined) {
  const days = new Map<string, { startsAt: string }[]>();
  for (const item of items) {
    const day = new Date(item.startsAt).toLocaleDateString('en-US', {
      timeZone,
      weekday: 'short',
      month: 'short',
      day: 'numeric',
    });
    days.set(day, [...(days.get(day) ?? []), item]);
  }
  return days;
}

/**
 * Book online: the practice decides which appointment types and clinicians are offered and
 * whether a booking is instant or a request; the client sees open times only.
 */
export function PortalBooking() {
  const queryClient = useQueryClient();
  const options = useQuery({
    queryKey: ['portal-booking-options'],
    queryFn: () => request(PortalBookingOptionsSchema, '/portal/booking/options'),
  });
  const [typeId, setTypeId] = useState<string | null>(null);
  const [clinicianId, setClinicianId] = useState<string | null>(null);
  const [firstWeek] = useState(() => {
    const d = new Date();
    d.setHours(0, 0, 0, 0);
    return d;
  });
  const [weekStart, setWeekStart] = useState(firstWeek);
  const type = typeId ?? options.data?.types[0]?.id ?? null;
  const clinician = clinicianId ?? options.data?.clinicians[0]?.id ?? null;
  const timeZone = options.data?.clinicians.find((c) => c.id === clinician)?.timeZone;
  const slots = useQuery({
    queryKey: ['portal-slots', type, clinician, weekStart.toISOString()],
    queryFn: () =>
      request(
        SlotListSchema,
        `/portal/booking/slots?${new URLSearchParams({
          appointmentTypeId: type!,
          clinicianId: clinician!,
          from: weekStart.toISOString(),
          to: new Date(weekStart.getTime() + WEEK).toISOString(),
        }).toString()}`,
      ),
    enabled: Boolean(options.data?.enabled && type && clinician),
  });
  const book = useMutation({
    mutationFn: (startsAt: string) =>
      post(PortalBookingResultSchema, '/portal/booking', {
        appointmentTypeId: type,
        clinicianId: clinician,
        startsAt,
      }),
    onSettled: async () => {
      await queryClient.invalidateQueries({ queryKey: ['portal-slots'] });
      await queryClient.invalidateQueries({ queryKey: ['portal-appointments'] });
    },
  });
  const error = book.error instanceof ApiError ? book.error : null;
  const label = (iso: string) =>
    new Date(iso).toLocaleString('en-US', {
      timeZone,
      weekday: 'short',
      month: 'short',
      day: 'numeric',
      hour: 'numeric',
      minute: '2-digit',
    });

  if (options.isPending) return <Loading label="Loading online booking…" />;
  if (options.isError) return <LoadError error={options.error} onRetry={() => void options.refetch()} />;
  if (!options.data.enabled) return null;
  return (
    <Stack gap="xs">
      <Text fw={600}>Book an appointment</Text>
      <Text size="sm" c="dimmed">
        {options.data.mode === 'request'
          ? 'Choose a time to request it; the practice confirms it.'
          : 'Choose a time to book it.'}
      </Text>
      <Group grow>
        <Select
          label="Appointment"
          allowDeselect={false}
          data={options.data.types.map((t) => ({
            value: t.id,
            label: `${t.name} (${t.durationMinutes} min)`,
          }))}
          value={type}
          onChange={setTypeId}
        />
        <Select
          label="With"
          allowDeselect={false}
          data={options.data.clinicians.map((c) => ({ value: c.id, label: c.name }))}
          value={clinician}
          onChange={setClinicianId}
        />
      </Group>
      <Group gap="xs">
        <Button
          variant="default"
          size="xs"
          onClick={() => setWeekStart((w) => new Date(w.getTime() - WEEK))}
          disabled={weekStart.getTime() <= firstWeek.getTime()}
        >
          ‹ Earlier
        </Button>
        <Button variant="default" size="xs" onClick={() => setWeekStart((w) => new Date(w.getTime() + WEEK))}>
          Later ›
        </Button>
        <Text size="sm">
          {weekStart.toLocaleDateString()} – {new Date(weekStart.getTime() + WEEK - 1).toLocaleDateString()}
        </Text>
      </Group>
      {book.isSuccess ? (
        <Alert color="teal" role="status" title={book.data.status === 'requested' ? 'Requested' : 'Booked'}>
          {label(book.data.startsAt)}.{' '}
          {book.data.status === 'requested' ? 'The practice will confirm it.' : 'We sent you a confirmation.'}
        </Alert>
      ) : null}
      {error ? (
        <Alert color="orange" role="alert">
          {error.message}
        </Alert>
      ) : null}
      {slots.isPending ? (
        <Loading label="Finding open times…" />
      ) : slots.isError ? (
        <LoadError error={slots.error} onRetry={() => void slots.refetch()} />
      ) : slots.data.items.length === 0 ? (
        <Empty>No open times this week. Try later weeks.</Empty>
      ) : (
        <Stack gap={6} aria-label="Open times">
          {[...byDay(slots.data.items.slice(0, 80), timeZone)].map(([day, items]) => (
            <Group key={day} gap={6} align="center">
              <Text size="sm" fw={600} w={110}>
                {day}
              </Text>
              {items.map((s) => (
                <Button
                  key={s.startsAt}
                  variant="light"
                  size="compact-sm"
                  aria-label={`Book ${label(s.startsAt)}`}
                  loading={book.isPending && book.variables === s.startsAt}
                  onClick={() => book.mutate(s.startsAt)}
                >
                  {new Date(s.startsAt).toLocaleTimeString('en-US', {
                    timeZone,
                    hour: 'numeric',
                    minute: '2-digit',
                  })}
                </Button>
              ))}
            </Group>
          ))}
        </Stack>
      )}
    </Stack>
  );
}
