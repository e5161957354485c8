import { Modal, Table, Text } from '@mantine/core';
import type { StaffAccess } from '@mentalspace/contracts';
import { useQuery } from '@tanstack/react-query';
import { Empty, LoadError, Loading } from '../../components/query-state';
import { api } from '../../lib/api';
import { formatDate, formatTime } from '../../lib/format';

/** Where a staff member is signed in, for an administrator deciding whether to end it. */
export function StaffSessionsDialog({
  member,
  timeZone,
  onClose,
}: {
  member: StaffAccess;
  timeZone: string;
  onClose: () => void;
}) {
  const sessions = useQuery({
    queryKey: ['staff-sessions', member.id],
    queryFn: () => api.staffSessions(member.id),
  });
  return (
    <Modal
      opened
      onClose={onClose}
      title={`Where ${member.firstName} ${member.lastName} is signed in`}
      size="lg"
      centered
    >
      {sessions.isPending ? (
        <Loading label="Loading sessions…" />
      ) : sessions.isError ? (
        <LoadError error={sessions.error} onRetry={() => void sessions.refetch()} />
      ) : sessions.data.items.length === 0 ? (
        <Empty>No active sessions.</Empty>
      ) : (
        <Table aria-label={`Sessions of ${member.firstName} ${member.lastName}`}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Signed in</Table.Th>
              <Table.Th>Device</Table.Th>
              <Table.Th>Address</Table.Th>
              <Table.Th>Second factor</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {sessions.data.items.map((s) => (
              <Table.Tr key={s.id}>
                <Table.Td>
                  {formatDate(s.createdAt, timeZone)} {formatTime(s.createdAt, timeZone)}
                </Table.Td>
                <Table.Td>
                  <Text size="sm" lineClamp={1} maw={300}>
                    {s.userAgent ?? 'Unknown'}
                  </Text>
                </Table.Td>
                <Table.Td>{s.ip ?? '—'}</Table.Td>
                <Table.Td>{s.assurance === 'mfa' ? 'Yes' : 'Password only'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Modal>
  );
}
