import { Alert, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Empty, LoadError, Loading } from '../../components/query-state';
import { api, ApiError } from '../../lib/api';
import { formatDate } from '../../lib/format';
import { useSession } from '../session/use-session';

/** The platform operator's view: every practice on this deployment and its size, never a chart. */
export function PlatformPage() {
  const session = useSession();
  const practices = useQuery({ queryKey: ['platform-practices'], queryFn: api.platformPractices });
  const timeZone = session.data?.practice.timeZone ?? 'UTC';
  return (
    <Stack gap="md">
      <Title order={2}>Platform</Title>
      <Alert color="blue" role="note">
        As a platform administrator, every request you make is written to the audit log before it runs.
      </Alert>
      <Paper withBorder>
        {practices.isPending ? (
          <Loading label="Loading practices…" />
        ) : practices.isError ? (
          practices.error instanceof ApiError && practices.error.status === 403 ? (
            <Empty>Only platform administrators see across practices.</Empty>
          ) : (
            <LoadError error={practices.error} onRetry={() => void practices.refetch()} />
          )
        ) : practices.data.items.length === 0 ? (
          <Empty>No practices yet.</Empty>
        ) : (
          <Table verticalSpacing="sm" aria-label="Practices">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Practice</Table.Th>
                <Table.Th>Time zone</Table.Th>
                <Table.Th ta="right">Active staff</Table.Th>
                <Table.Th ta="right">Clients</Table.Th>
                <Table.Th>Since</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {practices.data.items.map((p) => (
                <Table.Tr key={p.id}>
                  <Table.Td>
                    <Text fw={500}>{p.name}</Text>
                  </Table.Td>
                  <Table.Td>{p.timeZone}</Table.Td>
                  <Table.Td ta="right">{p.staffCount}</Table.Td>
                  <Table.Td ta="right">{p.clientCount}</Table.Td>
                  <Table.Td>{formatDate(p.createdAt, timeZone)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
    </Stack>
  );
}
