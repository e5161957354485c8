import { Anchor, Paper, SimpleGrid, Stack, Text, UnstyledButton } from '@mantine/core';
import type { Appointment } from '@mentalspace/contracts';
import { dayKey, formatTime } from '../../lib/format';
import { zonedYmd } from '../../lib/zoned-days';

/** A month at a glance: each day lists its first sessions and how many more there are. */
export function MonthGrid({
  days,
  month,
  timeZone,
  appointments,
  onOpen,
  onPickDay,
}: {
  days: Date[];
  month: number;
  timeZone: string;
  appointments: Appointment[];
  onOpen: (appointment: Appointment) => void;
  onPickDay: (day: Date) => void;
}) {
  const byDay = new Map<string, Appointment[]>();
  for (const a of appointments) {
    const key = dayKey(new Date(a.startsAt), timeZone);
    byDay.set(key, [...(byDay.get(key) ?? []), a]);
  }
  return (
    <SimpleGrid cols={7} spacing={4}>
      {['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].map((d) => (
        <Text key={d} size="xs" fw={600} ta="center">
          {d}
        </Text>
      ))}
      {days.map((day) => {
        const key = dayKey(day, timeZone);
        const items = byDay.get(key) ?? [];
        const inMonth = zonedYmd(day, timeZone)[1] === month;
        return (
          <Paper
            key={key}
            withBorder
            p={4}
            mih={92}
            bg={inMonth ? undefined : 'gray.0'}
            role="region"
            aria-label={`Appointments on ${key}`}
          >
            <Stack gap={2}>
              <Anchor component="button" type="button" size="xs" fw={600} onClick={() => onPickDay(day)}>
                {zonedYmd(day, timeZone)[2]}
              </Anchor>
              {items.slice(0, 3).map((a) => (
                <UnstyledButton key={a.id} onClick={() => onOpen(a)}>
                  <Text size="xs" lineClamp={1} td={a.status === 'cancelled' ? 'line-through' : undefined}>
                    {formatTime(a.startsAt, timeZone)} {a.clientName}
                  </Text>
                </UnstyledButton>
              ))}
              {items.length > 3 ? (
                <Text size="xs" c="dimmed">
                  +{items.length - 3} more
                </Text>
              ) : null}
            </Stack>
          </Paper>
        );
      })}
    </SimpleGrid>
  );
}
