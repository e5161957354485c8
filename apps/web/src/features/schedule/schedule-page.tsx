import { Button, Group, Paper, SegmentedControl, Select, Stack, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Empty, LoadError, Loading } from '../../components/query-state';
import { api } from '../../lib/api';
import { formatDayHeading } from '../../lib/format';
import { shiftAnchor, zonedRange } from '../../lib/zoned-days';
import { useSession } from '../session/use-session';
import { DayColumn } from './day-column';

type View = 'day' | 'week';

export function SchedulePage() {
  const session = useSession();
  const clinicians = useQuery({ queryKey: ['clinicians'], queryFn: api.clinicians });
  const [chosen, setChosen] = useState<string | null>(null);
  const [view, setView] = useState<View>('week');
  const [anchor, setAnchor] = useState(() => new Date());
  const timeZone = session.data?.practice.timeZone ?? 'UTC';
  const me = session.data?.user;
  const defaultClinician =
    me && (me.role === 'clinician' || me.role === 'supervisor') ? me.id : clinicians.data?.items[0]?.id;
  const clinicianId = chosen ?? defaultClinician ?? null;
  const range = zonedRange(anchor, view, timeZone);

  const schedule = useQuery({
    queryKey: ['schedule', clinicianId, range.from.toISOString(), view],
    queryFn: () => api.schedule(clinicianId!, range.from, range.to),
    enabled: Boolean(clinicianId) && session.isSuccess,
    placeholderData: keepPreviousData,
  });

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        <Title order={2}>Schedule</Title>
        <Group gap="sm">
          <Select
            aria-label="Clinician"
            placeholder={clinicians.isPending ? 'Loading clinicians…' : 'Choose a clinician'}
            data={(clinicians.data?.items ?? []).map((c) => ({
              value: c.id,
              label: `${c.firstName} ${c.lastName}`,
            }))}
            value={clinicianId}
            onChange={setChosen}
            w={240}
            allowDeselect={false}
          />
          <SegmentedControl
            aria-label="View"
            value={view}
            onChange={(v) => setView(v)}
            data={[
              { value: 'day', label: 'Day' },
              { value: 'week', label: 'Week' },
            ]}
          />
        </Group>
      </Group>
      <Group gap="xs">
        <Button
          variant="default"
          onClick={() => setAnchor((a) => shiftAnchor(a, view, -1))}
          aria-label={`Previous ${view}`}
        >
          ‹ Previous
        </Button>
        <Button variant="default" onClick={() => setAnchor(new Date())}>
          Today
        </Button>
        <Button
          variant="default"
          onClick={() => setAnchor((a) => shiftAnchor(a, view, 1))}
          aria-label={`Next ${view}`}
        >
          Next ›
        </Button>
        <Text fw={500} ml="sm" aria-live="polite">
          {view === 'day'
            ? formatDayHeading(range.from, timeZone)
            : `${formatDayHeading(range.days[0]!, timeZone)} – ${formatDayHeading(range.days[6]!, timeZone)}`}
        </Text>
      </Group>
      <Paper withBorder p="md">
        {!clinicianId && !clinicians.isPending ? (
          <Empty>No clinicians to show.</Empty>
        ) : schedule.isPending ? (
          <Loading label="Loading schedule…" />
        ) : schedule.isError ? (
          <LoadError error={schedule.error} onRetry={() => void schedule.refetch()} />
        ) : (
          <Group align="stretch" gap="sm" wrap="nowrap" style={{ overflowX: 'auto' }}>
            {range.days.map((day) => (
              <DayColumn
                key={day.toISOString()}
                day={day}
                timeZone={timeZone}
                appointments={schedule.data.items}
              />
            ))}
          </Group>
        )}
      </Paper>
    </Stack>
  );
}
