import { Anchor, Badge, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { TEMPLATES, type NotesDue } from '@mentalspace/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { Empty, LoadError, Loading } from '../../components/query-state';
import { api } from '../../lib/api';
import { STATUS_LABELS } from '../notes/note-page';
import { useSession } from '../session/use-session';
import { ClinicalSettingsPanel } from './clinical-settings-panel';

/** The clinician's start of day: notifications (risk flags) and the notes-due queue. */
export function HomePage() {
  const session = useSession();
  const role = session.data?.user.role;
  const clinical = role === 'clinician' || role === 'supervisor' || role === 'owner';
  return (
    <Stack gap="md">
      <Title order={2}>Home</Title>
      <Notifications />
      {role === 'owner' || role === 'admin' || role === 'super_admin' ? <ClinicalSettingsPanel /> : null}
      {clinical ? (
        <NotesDueQueue />
      ) : (
        <Paper withBorder p="lg">
          <Text>
            Go to{' '}
            <Anchor component={Link} to="/clients">
              Clients
            </Anchor>{' '}
            or the{' '}
            <Anchor component={Link} to="/schedule">
              Schedule
            </Anchor>
            .
          </Text>
        </Paper>
      )}
    </Stack>
  );
}

function Notifications() {
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: ['notifications'], queryFn: api.notifications, refetchInterval: 30_000 });
  const read = useMutation({
    mutationFn: api.readNotification,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['notifications'] }),
  });
  const unread = list.data?.items.filter((n) => !n.readAt) ?? [];
  return (
    <Paper withBorder p="lg">
      <Title order={3} mb="sm">
        Notifications
      </Title>
      {list.isPending ? (
        <Loading label="Loading notifications…" />
      ) : list.isError ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : unread.length === 0 ? (
        <Empty>Nothing new.</Empty>
      ) : (
        <Stack gap="xs">
          {unread.map((n) => (
            <Group key={n.id} justify="space-between" wrap="nowrap">
              <Text size="sm">
                {n.kind === 'risk_flag' ? (
                  <Badge color="red" mr="xs">
                    Risk
                  </Badge>
                ) : n.kind === 'online_booking' ? (
                  <Badge color="blue" mr="xs">
                    Booking
                  </Badge>
                ) : null}
                {/* The name comes from the server only while the reader still reaches the client. */}
                {n.clientId && n.clientName ? (
                  <>
                    <Anchor component={Link} to={`/clients/${n.clientId}`} fw={600}>
                      {n.clientName}
                    </Anchor>
                    {' — '}
                  </>
                ) : null}
                {n.message}
              </Text>
              <Button size="xs" variant="subtle" onClick={() => read.mutate(n.id)}>
                Mark read
              </Button>
            </Group>
          ))}
        </Stack>
      )}
    </Paper>
  );
}

function NotesDueQueue() {
  const due = useQuery({ queryKey: ['notes-due'], queryFn: api.notesDue });
  if (due.isPending) return <Loading label="Loading notes due…" />;
  if (due.isError) return <LoadError error={due.error} onRetry={() => void due.refetch()} />;
  return (
    <>
      <Paper withBorder p="lg">
        <Title order={3}>Notes to finish</Title>
        <Text size="sm" c="dimmed" mb="sm">
          Unsigned notes; overdue {due.data.deadlineHours} hours after the session.
        </Text>
        <DueTable items={due.data.mine} empty="All your notes are signed." label="Notes to finish" />
      </Paper>
      {due.data.toCosign.length > 0 ? (
        <Paper withBorder p="lg">
          <Title order={3} mb="sm">
            Awaiting your co-signature
          </Title>
          <DueTable items={due.data.toCosign} empty="" label="Awaiting your co-signature" showAuthor />
        </Paper>
      ) : null}
    </>
  );
}

function DueTable({
  items,
  empty,
  label,
  showAuthor = false,
}: {
  items: NotesDue['mine'];
  empty: string;
  label: string;
  showAuthor?: boolean;
}) {
  if (items.length === 0) return <Empty>{empty}</Empty>;
  return (
    <Table aria-label={label}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Date of service</Table.Th>
          <Table.Th>Client</Table.Th>
          <Table.Th>Note</Table.Th>
          {showAuthor ? <Table.Th>Author</Table.Th> : null}
          <Table.Th>Status</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {items.map((n) => (
          <Table.Tr key={n.id}>
            <Table.Td>
              {n.serviceDate}{' '}
              {n.overdue ? (
                <Badge color="red" size="sm">
                  Overdue
                </Badge>
              ) : null}
            </Table.Td>
            <Table.Td>{n.clientName}</Table.Td>
            <Table.Td>
              <Anchor component={Link} to={`/notes/${n.id}`}>
                {TEMPLATES[n.template].label}
              </Anchor>
            </Table.Td>
            {showAuthor ? <Table.Td>{n.authorName}</Table.Td> : null}
            <Table.Td>
              <Badge color={STATUS_LABELS[n.status].color} variant="light">
                {STATUS_LABELS[n.status].label}
              </Badge>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
