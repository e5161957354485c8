import {
  Alert,
  Badge,
  Button,
  Code,
  Group,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import type { AuditQuery } from '@mentalspace/contracts';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { Empty, LoadError, Loading } from '../../components/query-state';
import { api, ApiError, auditParams } from '../../lib/api';
import { formatDate, formatTime } from '../../lib/format';
import { useSession } from '../session/use-session';

type Filters = Pick<AuditQuery, 'userId' | 'clientId' | 'action' | 'outcome' | 'sort'> & {
  fromDay?: string;
  toDay?: string;
};

const OUTCOME_COLORS = { success: 'teal', denied: 'orange', failure: 'red' } as const;

/** Local calendar days to instants: the whole "to" day is included. */
function toQuery(f: Filters): Partial<AuditQuery> {
  return {
    userId: f.userId || undefined,
    clientId: f.clientId || undefined,
    action: f.action?.trim() || undefined,
    outcome: f.outcome || undefined,
    sort: f.sort ?? 'newest',
    from: f.fromDay ? new Date(`${f.fromDay}T00:00:00`).toISOString() : undefined,
    to: f.toDay ? new Date(`${f.toDay}T23:59:59.999`).toISOString() : undefined,
  };
}

/** Owners and admins: who did what, when, from where — filtered, paged, exportable. */
export function AuditPage() {
  const session = useSession();
  const [params] = useSearchParams();
  const [filters, setFilters] = useState<Filters>({
    clientId: params.get('clientId') ?? undefined,
    sort: 'newest',
  });
  const [applied, setApplied] = useState<Filters>(filters);
  const query = toQuery(applied);
  const staff = useQuery({ queryKey: ['staff-access'], queryFn: api.staffAccess });
  const events = useInfiniteQuery({
    queryKey: ['audit', query],
    queryFn: ({ pageParam }) => api.auditEvents({ ...query, limit: 50, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    staleTime: 0,
  });
  const timeZone = session.data?.practice.timeZone ?? 'UTC';
  const set = (patch: Partial<Filters>) => setFilters({ ...filters, ...patch });
  const items = events.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={2}>Audit log</Title>
        <Button
          component="a"
          variant="default"
          href={`/api/v1/audit/events.csv?${auditParams(query)}`}
          download
        >
          Export CSV
        </Button>
      </Group>
      <Paper withBorder p="md">
        <form
          aria-label="Audit filters"
          onSubmit={(e) => {
            e.preventDefault();
            setApplied(filters);
          }}
        >
          <Group align="flex-end" gap="sm">
            <Select
              label="Person"
              placeholder="Anyone"
              clearable
              searchable
              data={(staff.data?.items ?? []).map((m) => ({
                value: m.id,
                label: `${m.firstName} ${m.lastName}`,
              }))}
              value={filters.userId ?? null}
              onChange={(v) => set({ userId: v ?? undefined })}
              w={200}
            />
            <TextInput
              label="Action"
              placeholder="client.read or auth."
              value={filters.action ?? ''}
              onChange={(e) => set({ action: e.currentTarget.value })}
              w={170}
            />
            <Select
              label="Outcome"
              placeholder="Any"
              clearable
              data={[
                { value: 'success', label: 'Success' },
                { value: 'denied', label: 'Denied' },
                { value: 'failure', label: 'Failure' },
              ]}
              value={filters.outcome ?? null}
              onChange={(v) => set({ outcome: (v as Filters['outcome']) ?? undefined })}
              w={130}
            />
            <TextInput
              label="From"
              type="date"
              value={filters.fromDay ?? ''}
              onChange={(e) => set({ fromDay: e.currentTarget.value })}
            />
            <TextInput
              label="To"
              type="date"
              value={filters.toDay ?? ''}
              onChange={(e) => set({ toDay: e.currentTarget.value })}
            />
            <Select
              label="Order"
              allowDeselect={false}
              data={[
                { value: 'newest', label: 'Newest first' },
                { value: 'oldest', label: 'Oldest first' },
              ]}
              value={filters.sort ?? 'newest'}
              onChange={(v) => set({ sort: (v as Filters['sort']) ?? 'newest' })}
              w={150}
            />
            <Button type="submit">Apply</Button>
          </Group>
          {filters.clientId ? (
            <Group gap="xs" mt="xs">
              <Text size="sm">One client&apos;s access history</Text>
              <Button size="compact-xs" variant="subtle" onClick={() => set({ clientId: undefined })}>
                Show all clients
              </Button>
            </Group>
          ) : null}
        </form>
      </Paper>
      <Paper withBorder>
        {events.isPending ? (
          <Loading label="Loading the audit log…" />
        ) : events.isError ? (
          events.error instanceof ApiError && events.error.status === 403 ? (
            <Empty>Only owners and administrators review the audit log.</Empty>
          ) : (
            <LoadError error={events.error} onRetry={() => void events.refetch()} />
          )
        ) : items.length === 0 ? (
          <Empty>No events match these filters.</Empty>
        ) : (
          <Table verticalSpacing="xs" aria-label="Audit events" striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>When</Table.Th>
                <Table.Th>Who</Table.Th>
                <Table.Th>Action</Table.Th>
                <Table.Th>Outcome</Table.Th>
                <Table.Th>What</Table.Th>
                <Table.Th>From</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td>
                    <Text size="sm">{formatDate(e.occurredAt, timeZone)}</Text>
                    <Text size="xs" c="dimmed">
                      {formatTime(e.occurredAt, timeZone)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{e.actorName ?? (e.actorUserId ? 'Unknown user' : 'System')}</Text>
                    <Text size="xs" c="dimmed">
                      {e.actorRole?.replace('_', ' ') ?? ''}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Code>{e.action}</Code>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={OUTCOME_COLORS[e.outcome]}>
                      {e.outcome}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs">
                      {e.resourceType}
                      {e.resourceId ? ` ${e.resourceId.slice(-8)}` : ''}
                      {e.reason ? ` — reason: ${e.reason}` : ''}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs">{e.ip ?? '—'}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
      {events.hasNextPage ? (
        <Button
          variant="default"
          w="fit-content"
          onClick={() => void events.fetchNextPage()}
          loading={events.isFetchingNextPage}
        >
          Load more
        </Button>
      ) : null}
      {events.isFetchNextPageError ? <Alert color="red">The next page could not be loaded.</Alert> : null}
    </Stack>
  );
}
