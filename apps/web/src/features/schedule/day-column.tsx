import { Anchor, Badge, Paper, Stack, Text } from '@mantine/core';
import type { Appointment } from '@mentalspace/contracts';
import { Link } from 'react-router';
import { dayKey, formatTime, STATUS_COLORS, STATUS_LABELS } from '../../lib/format';

export function DayColumn({
  day,
  timeZone,
  appointments,
}: {
  day: Date;
  timeZone: string;
  appointments: Appointment[];
}) {
  const key = dayKey(day, timeZone);
  const today = dayKey(new Date(), timeZone) === key;
  const items = appointments.filter((a) => dayKey(new Date(a.startsAt), timeZone) === key);
  return (
    <Stack
      gap="xs"
      miw={112}
      style={{ flex: 1, minWidth: 112 }}
      aria-label={`Appointments on ${key}`}
      role="region"
    >
      <Text fw={600} size="sm" c={today ? 'teal.8' : undefined}>
        {new Intl.DateTimeFormat('en-US', {
          timeZone,
          weekday: 'short',
          month: 'short',
          day: 'numeric',
        }).format(day)}
        {today ? ' · Today' : ''}
      </Text>
      {items.length === 0 ? (
        <Text size="sm" c="dimmed">
          No appointments
        </Text>
      ) : (
        items.map((a) => (
          <Paper
            key={a.id}
            withBorder
            p="xs"
            bg={a.status === 'cancelled' || a.status === 'no_show' ? 'gray.1' : 'white'}
          >
            <Text size="xs" c="dimmed">
              {formatTime(a.startsAt, timeZone)} – {formatTime(a.endsAt, timeZone)}
            </Text>
            <Anchor component={Link} to={`/clients/${a.clientId}`} size="sm" fw={500}>
              {a.clientName}
            </Anchor>
            <Text size="xs">{a.modality === 'telehealth' ? 'Telehealth' : 'In person'}</Text>
            <Badge size="xs" mt={4} color={STATUS_COLORS[a.status]} variant="light">
              {STATUS_LABELS[a.status]}
            </Badge>
          </Paper>
        ))
      )}
    </Stack>
  );
}
