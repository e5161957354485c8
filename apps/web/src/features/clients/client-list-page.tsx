import { Box, Button, Group, Paper, SegmentedControl, Stack, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { Empty, LoadError, Loading } from '../../components/query-state';
import { api } from '../../lib/api';
import { WorkWaiting } from '../home/work-waiting';
import { useSession } from '../session/use-session';
import { ClientTable } from './client-table';
import { SSN_ROLES } from './client-ssn';
import { SsnLookup } from './ssn-lookup';

type StatusFilter = 'active' | 'discharged' | 'all';

export function ClientListPage() {
  const role = useSession().data?.user.role ?? '';
  const [search, setSearch] = useState('');
  const [status, setStatus] = useState<StatusFilter>('active');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  // A stack of cursors: the last one is the current page, popping goes back.
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors[cursors.length - 1];
  const query = useQuery({
    queryKey: ['clients', debounced, status, cursor],
    queryFn: () =>
      api.clients({
        q: debounced || undefined,
        status: status === 'all' ? undefined : status,
        limit: 25,
        cursor,
      }),
    placeholderData: keepPreviousData,
  });

  return (
    <Stack gap="md">
      <WorkWaiting />
      <Group justify="space-between">
        <Title order={2}>Clients</Title>
        <Button component={Link} to="/clients/new">
          New client
        </Button>
      </Group>
      <Paper withBorder p="md">
        <Group align="flex-end" gap="md">
          <TextInput
            label="Search clients"
            placeholder="Name or preferred name"
            value={search}
            onChange={(e) => {
              setSearch(e.currentTarget.value);
              setCursors([]);
            }}
            w={320}
            type="search"
            autoFocus
          />
          <SegmentedControl
            aria-label="Status"
            value={status}
            onChange={(value) => {
              setStatus(value);
              setCursors([]);
            }}
            data={[
              { value: 'active', label: 'Active' },
              { value: 'discharged', label: 'Discharged' },
              { value: 'all', label: 'All' },
            ]}
          />
        </Group>
        {SSN_ROLES.includes(role) ? (
          <Box mt="md">
            <SsnLookup />
          </Box>
        ) : null}
      </Paper>
      <Paper withBorder>
        {query.isPending ? (
          <Loading label="Loading clients…" />
        ) : query.isError ? (
          <LoadError error={query.error} onRetry={() => void query.refetch()} />
        ) : query.data.items.length === 0 ? (
          <Empty>{debounced ? `No clients match “${debounced}”.` : 'No clients yet.'}</Empty>
        ) : (
          <ClientTable clients={query.data.items} />
        )}
      </Paper>
      <Group justify="flex-end">
        <Button
          variant="default"
          disabled={cursors.length === 0}
          onClick={() => setCursors((c) => c.slice(0, -1))}
        >
          Previous
        </Button>
        <Button
          variant="default"
          disabled={!query.data?.nextCursor}
          onClick={() => {
            const next = query.data?.nextCursor;
            if (next) setCursors((c) => [...c, next]);
          }}
        >
          Next
        </Button>
      </Group>
    </Stack>
  );
}
