import { Badge, Button, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { Empty, LoadError, Loading } from '../../components/query-state';
import { api } from '../../lib/api';
import { formatDate, formatTime } from '../../lib/format';

export function SessionsPanel({ timeZone }: { timeZone: string }) {
  const navigate = useNavigate();
  const sessions = useQuery({ queryKey: ['sessions'], queryFn: api.sessions });
  const everywhere = useMutation({
    mutationFn: api.signOutEverywhere,
    onSuccess: () => void navigate('/sign-in', { replace: true }),
  });
  return (
    <Stack gap="sm">
      <Title order={3}>Where you are signed in</Title>
      {sessions.isPending ? (
        <Loading label="Loading sessions…" />
      ) : sessions.isError ? (
        <LoadError error={sessions.error} onRetry={() => void sessions.refetch()} />
      ) : sessions.data.items.length === 0 ? (
        <Empty>No active sessions.</Empty>
      ) : (
        <Table aria-label="Active sessions">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Signed in</Table.Th>
              <Table.Th>Device</Table.Th>
              <Table.Th>Address</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {sessions.data.items.map((s) => (
              <Table.Tr key={s.id}>
                <Table.Td>
                  {formatDate(s.createdAt, timeZone)} {formatTime(s.createdAt, timeZone)}
                </Table.Td>
                <Table.Td>
                  <Text size="sm" lineClamp={1} maw={360}>
                    {s.userAgent ?? 'Unknown'}
                  </Text>
                </Table.Td>
                <Table.Td>{s.ip ?? '—'}</Table.Td>
                <Table.Td>{s.current ? <Badge variant="light">This device</Badge> : null}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Button
        color="red"
        variant="light"
        w="fit-content"
        loading={everywhere.isPending}
        onClick={() => everywhere.mutate()}
      >
        Sign out everywhere
      </Button>
    </Stack>
  );
}
