import { Anchor, Badge, Button, Paper, Stack, Table, Text, Title } from '@mantine/core';
import type { TimelineEntry } from '@mentalspace/contracts';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { Empty, LoadError, Loading } from '../../components/query-state';
import { api } from '../../lib/api';

const KIND_LABELS: Record<TimelineEntry['kind'], { label: string; color: string }> = {
  appointment: { label: 'Appointment', color: 'blue' },
  note: { label: 'Note', color: 'grape' },
  measure: { label: 'Measure', color: 'teal' },
  diagnosis: { label: 'Diagnosis', color: 'orange' },
  treatment_plan: { label: 'Plan', color: 'indigo' },
  consent: { label: 'Consent', color: 'gray' },
};

/** The chart's history in one list, newest first, with links to what has its own page. */
export function Timeline({ clientId, timeZone }: { clientId: string; timeZone: string }) {
  const timeline = useInfiniteQuery({
    queryKey: ['timeline', clientId],
    queryFn: ({ pageParam }) => api.timeline(clientId, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = timeline.data?.pages.flatMap((p) => p.items) ?? [];
  const when = (iso: string) =>
    new Intl.DateTimeFormat('en-US', { timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(
      new Date(iso),
    );
  return (
    <Paper withBorder p="lg">
      <Stack gap="sm">
        <Title order={3}>Timeline</Title>
        {timeline.isPending ? (
          <Loading label="Loading the timeline…" />
        ) : timeline.isError ? (
          <LoadError error={timeline.error} onRetry={() => void timeline.refetch()} />
        ) : items.length === 0 ? (
          <Empty>Nothing on this chart yet.</Empty>
        ) : (
          <Table aria-label="Timeline">
            <Table.Tbody>
              {items.map((e) => (
                <Table.Tr key={`${e.kind}:${e.id}`}>
                  <Table.Td>
                    <Text size="sm" c="dimmed">
                      {when(e.at)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={KIND_LABELS[e.kind].color}>
                      {KIND_LABELS[e.kind].label}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    {e.href ? (
                      <Anchor component={Link} to={e.href}>
                        {e.title}
                      </Anchor>
                    ) : (
                      e.title
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{e.detail}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {timeline.hasNextPage ? (
          <Button
            variant="default"
            w="fit-content"
            onClick={() => void timeline.fetchNextPage()}
            loading={timeline.isFetchingNextPage}
          >
            Earlier
          </Button>
        ) : null}
      </Stack>
    </Paper>
  );
}
