import { Badge, Paper, Spoiler, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Empty, LoadError, Loading } from '../../components/query-state';
import { useSession } from '../session/use-session';
import { schedulingApi } from '../schedule/scheduling-api';

/**
 * Every email and SMS the practice sent or queued (reminders, waitlist offers). In the embedded
 * default nothing leaves the machine, and this is where the messages can be read.
 */
export function OutboxPage() {
  const session = useSession();
  const outbox = useQuery({ queryKey: ['outbox'], queryFn: schedulingApi.outbox, refetchInterval: 10_000 });
  const timeZone = session.data?.practice.timeZone ?? 'UTC';
  return (
    <Stack gap="md">
      <Title order={2}>Outbox</Title>
      <Paper withBorder p="md">
        {outbox.isPending ? (
          <Loading label="Loading messages…" />
        ) : outbox.isError ? (
          <LoadError error={outbox.error} onRetry={() => void outbox.refetch()} />
        ) : outbox.data.items.length === 0 ? (
          <Empty>No messages yet.</Empty>
        ) : (
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>When</Table.Th>
                <Table.Th>To</Table.Th>
                <Table.Th>Message</Table.Th>
                <Table.Th>Status</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {outbox.data.items.map((m) => (
                <Table.Tr key={m.id}>
                  <Table.Td>
                    <Text size="sm">
                      {new Date(m.createdAt).toLocaleString('en-US', {
                        timeZone,
                        dateStyle: 'short',
                        timeStyle: 'short',
                      })}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{m.recipient}</Text>
                    <Text size="xs" c="dimmed">
                      {m.channel === 'email' ? 'Email' : 'SMS'} · {m.purpose.replaceAll('_', ' ')}
                    </Text>
                  </Table.Td>
                  <Table.Td maw={420}>
                    {m.subject ? (
                      <Text size="sm" fw={600}>
                        {m.subject}
                      </Text>
                    ) : null}
                    <Spoiler maxHeight={40} showLabel="Show all" hideLabel="Hide">
                      <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                        {m.body}
                      </Text>
                    </Spoiler>
                  </Table.Td>
                  <Table.Td>
                    <Badge
                      variant="light"
                      color={m.status === 'sent' ? 'teal' : m.status === 'failed' ? 'red' : 'blue'}
                    >
                      {m.status === 'sent'
                        ? m.deliveredVia === 'local_outbox'
                          ? 'kept locally'
                          : `sent (${m.deliveredVia})`
                        : m.status}
                    </Badge>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
    </Stack>
  );
}
