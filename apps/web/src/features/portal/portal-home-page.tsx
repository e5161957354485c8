import { Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import { clientMayJoin } from '@mentalspace/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, Navigate, useNavigate } from 'react-router';
import { Empty, LoadError, Loading } from '../../components/query-state';
import { api, ApiError } from '../../lib/api';
import { displayName, formatDate, formatTime, STATUS_COLORS, STATUS_LABELS } from '../../lib/format';
import { PortalMessages } from '../messages/portal-messages';
import { PortalFrame } from './portal-frame';
import { PortalBooking } from './portal-booking';
import { PortalConsents } from './portal-consents';
import { PortalQuestionnaires } from './portal-questionnaires';
import { PortalSecurity } from './portal-security';
import { PortalTreatmentPlan } from './portal-treatment-plan';

const BROWSER_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** The client's own page: who they are to the practice and their appointments. */
export function PortalHomePage() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const me = useQuery({ queryKey: ['portal-me'], queryFn: api.portalMe });
  const appointments = useQuery({
    queryKey: ['portal-appointments'],
    queryFn: api.portalAppointments,
    enabled: me.isSuccess,
  });

  if (me.isError && me.error instanceof ApiError && me.error.status === 401)
    return <Navigate to="/portal/sign-in" replace />;
  if (me.isPending) return <Loading label="Opening your portal…" />;
  if (me.isError) return <LoadError error={me.error} onRetry={() => void me.refetch()} />;

  const signOut = async () => {
    await api.portalSignOut().catch(() => null);
    queryClient.clear();
    await navigate('/portal/sign-in', { replace: true });
  };
  return (
    <PortalFrame title={`Hello, ${me.data.preferredName ?? me.data.legalFirstName}`} width={720}>
      <Group justify="space-between">
        <Text c="dimmed" size="sm">
          {displayName(me.data)} · your care team:{' '}
          {me.data.clinicians.map((c) => `${c.firstName} ${c.lastName}`).join(', ') || '—'}
        </Text>
        <Button variant="default" size="xs" onClick={() => void signOut()}>
          Sign out
        </Button>
      </Group>
      <Stack gap="xs">
        <Text fw={600}>Your appointments</Text>
        {appointments.isPending ? (
          <Loading label="Loading appointments…" />
        ) : appointments.isError ? (
          <LoadError error={appointments.error} onRetry={() => void appointments.refetch()} />
        ) : appointments.data.items.length === 0 ? (
          <Empty>No appointments yet.</Empty>
        ) : (
          <Table aria-label="Your appointments">
            <Table.Tbody>
              {appointments.data.items.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td>{formatDate(a.startsAt, BROWSER_ZONE)}</Table.Td>
                  <Table.Td>{formatTime(a.startsAt, BROWSER_ZONE)}</Table.Td>
                  <Table.Td>{a.clinicianName}</Table.Td>
                  <Table.Td>
                    {a.modality === 'telehealth' && clientMayJoin(a) ? (
                      <Button component={Link} to={`/portal/telehealth/${a.id}`} size="xs">
                        Join video session
                      </Button>
                    ) : a.modality === 'telehealth' ? (
                      'Video'
                    ) : (
                      'In person'
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={STATUS_COLORS[a.status]}>
                      {STATUS_LABELS[a.status]}
                    </Badge>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
      <PortalMessages />
      <PortalBooking />
      <PortalTreatmentPlan />
      <PortalQuestionnaires />
      <PortalConsents />
      <PortalSecurity />
    </PortalFrame>
  );
}
