import { Badge, Box, Group, Stack, Text, UnstyledButton } from '@mantine/core';
import type { Appointment } from '@mentalspace/contracts';
import { useState, type DragEvent, type MouseEvent } from 'react';
import { dayKey, formatTime, STATUS_COLORS, STATUS_LABELS } from '../../lib/format';
import { zonedMinuteOfDay } from '../../lib/zoned-days';

/** The visible hours of the grid and its resolution. */
const FIRST_HOUR = 7;
const LAST_HOUR = 20;
const STEP = 15;
const PX_PER_MINUTE = 1.1;
const HEIGHT = (LAST_HOUR - FIRST_HOUR) * 60 * PX_PER_MINUTE;

/** Side-by-side lanes for overlapping sessions (the practice view shows several clinicians). */
function lanes(items: Appointment[]) {
  const sorted = [...items].sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
  const ends: number[] = [];
  const lane = new Map<string, number>();
  for (const a of sorted) {
    let i = ends.findIndex((end) => end <= Date.parse(a.startsAt));
    if (i < 0) i = ends.push(0) - 1;
    ends[i] = Date.parse(a.endsAt);
    lane.set(a.id, i);
  }
  return { lane, count: Math.max(1, ends.length) };
}

const snap = (minute: number) => Math.round(minute / STEP) * STEP;

function minuteAt(event: MouseEvent | DragEvent, column: HTMLElement) {
  const y = event.clientY - column.getBoundingClientRect().top;
  return Math.max(
    FIRST_HOUR * 60,
    Math.min(LAST_HOUR * 60 - STEP, snap(y / PX_PER_MINUTE + FIRST_HOUR * 60)),
  );
}

/**
 * A day or week as a time grid. Click an empty time to book it; drag an appointment to another
 * time or day to move it (the server refuses conflicts, shown by the page). Every appointment is
 * a button, so the keyboard opens it and moves it from its details.
 */
export function TimeGrid({
  days,
  timeZone,
  appointments,
  onOpen,
  onPickTime,
  onDropAppointment,
}: {
  days: Date[];
  timeZone: string;
  appointments: Appointment[];
  onOpen: (appointment: Appointment) => void;
  onPickTime: (day: Date, minute: number) => void;
  onDropAppointment: (appointment: Appointment, day: Date, minute: number) => void;
}) {
  const [dragging, setDragging] = useState<Appointment | null>(null);
  const [hover, setHover] = useState<{ day: string; minute: number } | null>(null);
  const today = dayKey(new Date(), timeZone);
  const hours = Array.from({ length: LAST_HOUR - FIRST_HOUR }, (_, i) => FIRST_HOUR + i);

  return (
    <Group align="flex-start" gap={0} wrap="nowrap" style={{ overflowX: 'auto' }}>
      <Box w={52} style={{ flex: 'none' }} aria-hidden>
        <Box h={28} />
        {hours.map((h) => (
          <Text key={h} size="xs" c="dimmed" h={60 * PX_PER_MINUTE} ta="right" pr={6}>
            {new Intl.DateTimeFormat('en-US', { hour: 'numeric' }).format(new Date(Date.UTC(2020, 0, 1, h)))}
          </Text>
        ))}
      </Box>
      {days.map((day) => {
        const key = dayKey(day, timeZone);
        const items = appointments.filter((a) => dayKey(new Date(a.startsAt), timeZone) === key);
        const layout = lanes(items);
        const label = new Intl.DateTimeFormat('en-US', {
          timeZone,
          weekday: 'short',
          month: 'short',
          day: 'numeric',
        }).format(day);
        return (
          <Stack
            key={key}
            gap={0}
            style={{ flex: 1, minWidth: 120 }}
            role="region"
            aria-label={`Appointments on ${key}`}
          >
            <Text fw={600} size="sm" h={28} ta="center" c={key === today ? 'teal.8' : undefined}>
              {label}
              {key === today ? ' · Today' : ''}
            </Text>
            <Box
              pos="relative"
              h={HEIGHT}
              style={{
                borderLeft: '1px solid var(--mantine-color-gray-3)',
                backgroundImage: `repeating-linear-gradient(to bottom, var(--mantine-color-gray-2) 0 1px, transparent 1px ${60 * PX_PER_MINUTE}px)`,
                cursor: 'copy',
              }}
              data-testid={`day-${key}`}
              onClick={(event) => {
                if (event.target === event.currentTarget)
                  onPickTime(day, minuteAt(event, event.currentTarget));
              }}
              onDragOver={(event) => {
                if (!dragging) return;
                event.preventDefault();
                setHover({ day: key, minute: minuteAt(event, event.currentTarget) });
              }}
              onDragLeave={() => setHover(null)}
              onDrop={(event) => {
                event.preventDefault();
                if (dragging) onDropAppointment(dragging, day, minuteAt(event, event.currentTarget));
                setDragging(null);
                setHover(null);
              }}
            >
              {hover && hover.day === key && dragging ? (
                <Box
                  pos="absolute"
                  left={2}
                  right={2}
                  top={(hover.minute - FIRST_HOUR * 60) * PX_PER_MINUTE}
                  h={((Date.parse(dragging.endsAt) - Date.parse(dragging.startsAt)) / 60_000) * PX_PER_MINUTE}
                  style={{
                    border: '2px dashed var(--mantine-color-teal-6)',
                    borderRadius: 4,
                    pointerEvents: 'none',
                  }}
                />
              ) : null}
              {items.map((a) => {
                const start = zonedMinuteOfDay(new Date(a.startsAt), timeZone);
                const length = (Date.parse(a.endsAt) - Date.parse(a.startsAt)) / 60_000;
                const top = Math.max(0, (start - FIRST_HOUR * 60) * PX_PER_MINUTE);
                const faded = a.status === 'cancelled' || a.status === 'no_show';
                return (
                  <UnstyledButton
                    key={a.id}
                    draggable={a.status === 'scheduled' || a.status === 'confirmed'}
                    onDragStart={(event) => {
                      event.dataTransfer.setData('text/plain', a.id);
                      setDragging(a);
                    }}
                    onDragEnd={() => setDragging(null)}
                    onClick={() => onOpen(a)}
                    aria-label={`${formatTime(a.startsAt, timeZone)} ${a.clientName}, ${STATUS_LABELS[a.status]}`}
                    title={`${formatTime(a.startsAt, timeZone)}–${formatTime(a.endsAt, timeZone)} ${a.clientName} with ${a.clinicianName}`}
                    pos="absolute"
                    left={`calc(${(100 * layout.lane.get(a.id)!) / layout.count}% + 2px)`}
                    w={`calc(${100 / layout.count}% - 4px)`}
                    top={top}
                    h={Math.max(22, length * PX_PER_MINUTE - 2)}
                    p={4}
                    style={{
                      overflow: 'hidden',
                      borderRadius: 4,
                      borderLeft: `4px solid var(--mantine-color-${STATUS_COLORS[a.status]}-6)`,
                      background: faded ? 'var(--mantine-color-gray-1)' : 'var(--mantine-color-blue-0)',
                      opacity: faded ? 0.7 : 1,
                    }}
                  >
                    <Text size="xs" fw={600} lineClamp={1}>
                      {formatTime(a.startsAt, timeZone)} {a.clientName}
                    </Text>
                    <Group gap={4} wrap="nowrap">
                      <Text size="xs" c="dimmed" lineClamp={1}>
                        {a.modality === 'telehealth' ? 'Video' : 'In person'}
                        {a.seriesId ? ' · repeats' : ''}
                      </Text>
                      {a.status !== 'scheduled' ? (
                        <Badge size="xs" color={STATUS_COLORS[a.status]} variant="light">
                          {STATUS_LABELS[a.status]}
                        </Badge>
                      ) : null}
                    </Group>
                  </UnstyledButton>
                );
              })}
            </Box>
          </Stack>
        );
      })}
    </Group>
  );
}
