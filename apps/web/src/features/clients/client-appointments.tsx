import { Badge, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Empty, LoadError, Loading } from '../../components/query-state';
import { api } from '../../lib/api';
import { formatDate, formatTime, STATUS_COLORS, STATUS_LABELS } from '../../lib/format';

const DOCUMENTATION = { draft: 'Draft', awaiting_cosign: 'Awaiting co-signature', signed: 'Signed' } as const;

export function ClientAppointments({ clientId, timeZone }: { clientId: string; timeZone: string }) {
  const query = useQuery({
    queryKey: ['client-appointments', clientId],
    queryFn: () => api.clientAppointments(clientId),
  });
  if (query.isPending) return <Loading label="Loading appointments…" />;
  if (query.isError) return <LoadError error={query.error} onRetry={() => void query.refetch()} />;
  if (query.data.items.length === 0) return <Empty>No appointments yet.</Empty>;
  return (
    <Table verticalSpacing="xs" aria-label="Appointments">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Date</Table.Th>
          <Table.Th>Time</Table.Th>
          <Table.Th>Clinician</Table.Th>
          <Table.Th>Type</Table.Th>
          <Table.Th>Status</Table.Th>
          <Table.Th>Note</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {query.data.items.map((a) => (
          <Table.Tr key={a.id}>
            <Table.Td>{formatDate(a.startsAt, timeZone)}</Table.Td>
            <Table.Td>
              {formatTime(a.startsAt, timeZone)} – {formatTime(a.endsAt, timeZone)}
            </Table.Td>
            <Table.Td>{a.clinicianName}</Table.Td>
            <Table.Td>
              {a.modality === 'telehealth' ? 'Telehealth' : 'In person'}
              {a.serviceCode ? ` · ${a.serviceCode}` : ''}
            </Table.Td>
            <Table.Td>
              <Badge color={STATUS_COLORS[a.status]} variant="light">
                {STATUS_LABELS[a.status]}
              </Badge>
            </Table.Td>
            <Table.Td>
              {a.documentation && a.documentation !== 'none' ? (
                <Text size="sm">{DOCUMENTATION[a.documentation]}</Text>
              ) : a.status === 'completed' ? (
                <Text size="sm" c="orange">
                  Missing
                </Text>
              ) : null}
              {a.billable ? (
                <Badge size="xs" color="teal" variant="outline" ml={4}>
                  Billable
                </Badge>
              ) : null}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
