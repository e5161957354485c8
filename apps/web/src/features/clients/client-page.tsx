import {
  Alert,
  Anchor,
  Badge,
  Breadcrumbs,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Tabs,
  Text,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams, useSearchParams } from 'react-router';
import { ErrorFallback } from '../../components/error-fallback';
import { LoadError, Loading } from '../../components/query-state';
import { api, ApiError } from '../../lib/api';
import { ageFrom, displayName, formatTime } from '../../lib/format';
import { ChartDiagnoses } from '../diagnoses/chart-diagnoses';
import { ChartMeasures } from '../measures/chart-measures';
import { RiskFlags } from '../measures/risk-flags';
import { ChartNotes } from '../notes/chart-notes';
import { PsychotherapyNotes } from '../notes/psychotherapy-notes';
import { useSession } from '../session/use-session';
import { ChartTreatmentPlan } from '../treatment-plans/chart-treatment-plan';
import { CareTeam } from './care-team';
import { ClientSsn } from './client-ssn';
import { ClientAppointments } from './client-appointments';
import { ChartConsents } from '../consents/chart-consents';
import { Contacts } from './contacts';
import { Disclosures } from './disclosures';
import { Insurance } from './insurance';
import { Timeline } from './timeline';
import { ChartNotReachable } from './emergency-access';
import { InviteToPortal } from './invite-to-portal';
import { ReminderPreference } from './reminder-preference';
import { ResetPortalTwoStep } from './reset-portal-two-step';

export function ClientPage() {
  const { id = '' } = useParams();
  const client = useQuery({ queryKey: ['client', id], queryFn: () => api.client(id) });
  const session = useSession();
  const timeZone = session.data?.practice.timeZone ?? 'UTC';
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'overview';
  const role = session.data?.user.role ?? '';
  const clinical = ['owner', 'clinician', 'supervisor'].includes(role);

  if (client.isPending) return <Loading label="Opening chart…" />;
  if (client.isError) {
    if (client.error instanceof ApiError && client.error.status === 404) {
      const role = session.data?.user.role;
      return (
        <ChartNotReachable clientId={id} canBreakGlass={role === 'clinician' || role === 'supervisor'} />
      );
    }
    if (client.error instanceof ApiError && client.error.status === 400) {
      return (
        <ErrorFallback
          title="Client not found"
          message="This client does not exist or is not on your caseload. Search for them from the client list."
        />
      );
    }
    return <LoadError error={client.error} onRetry={() => void client.refetch()} />;
  }
  const c = client.data;
  return (
    <Stack gap="md">
      <Breadcrumbs>
        <Anchor component={Link} to="/clients">
          Clients
        </Anchor>
        <Text>{displayName(c)}</Text>
      </Breadcrumbs>
      {c.emergencyAccessUntil ? (
        <Alert color="red" role="status" title="Emergency access">
          You opened this chart by emergency access until {formatTime(c.emergencyAccessUntil, timeZone)}.
          Every view is audited and the practice&apos;s administrators have been alerted.
        </Alert>
      ) : null}
      <RiskFlags clientId={c.id} canResolve={clinical} />
      <Paper withBorder p="lg">
        <Group justify="space-between" align="flex-start">
          <Stack gap={4}>
            <Group gap="sm">
              <Title order={2}>{displayName(c)}</Title>
              <Badge color={c.status === 'active' ? 'teal' : 'gray'} variant="light">
                {c.status === 'active' ? 'Active' : 'Discharged'}
              </Badge>
            </Group>
            <Text c="dimmed">
              {c.pronouns ? `${c.pronouns} · ` : ''}
              {ageFrom(c.dateOfBirth)} years · born {c.dateOfBirth}
            </Text>
            {c.preferredName ? (
              <Text size="sm">
                Legal name: {c.legalFirstName} {c.legalLastName}
              </Text>
            ) : null}
          </Stack>
          {session.data?.user.role !== 'biller' ? (
            <Stack gap="xs" align="flex-end">
              <InviteToPortal clientId={c.id} email={c.email} />
              <ResetPortalTwoStep clientId={c.id} />
            </Stack>
          ) : null}
        </Group>
        <SimpleGrid cols={{ base: 1, sm: 2 }} mt="lg">
          <Field label="E-mail" value={c.email} />
          <Field label="Phone" value={c.phone} />
          <ClientSsn client={c} role={role} />
          {session.data?.user.role !== 'biller' ? <ReminderPreference client={c} /> : null}
        </SimpleGrid>
      </Paper>
      <Tabs
        value={tab}
        onChange={(v) => setParams({ tab: v ?? 'overview' }, { replace: true })}
        keepMounted={false}
      >
        <Tabs.List>
          <Tabs.Tab value="overview">Overview</Tabs.Tab>
          <Tabs.Tab value="notes">Notes</Tabs.Tab>
          <Tabs.Tab value="diagnoses">Diagnoses</Tabs.Tab>
          <Tabs.Tab value="plan">Treatment plan</Tabs.Tab>
          {clinical ? <Tabs.Tab value="measures">Measures</Tabs.Tab> : null}
        </Tabs.List>
        <Tabs.Panel value="overview" pt="md">
          <Stack gap="md">
            {['clinician', 'supervisor', 'owner', 'admin'].includes(role) ? (
              <Anchor component={Link} to={`/messages/${c.id}`} size="sm">
                Secure messages with this client
              </Anchor>
            ) : null}
            {['owner', 'admin', 'super_admin'].includes(session.data?.user.role ?? '') ? (
              <Anchor component={Link} to={`/audit?clientId=${c.id}`} size="sm">
                Who has opened this chart (access history)
              </Anchor>
            ) : null}
            <CareTeam
              client={c}
              canEdit={['owner', 'admin', 'front_desk'].includes(session.data?.user.role ?? '')}
            />
            <Timeline clientId={c.id} timeZone={timeZone} />
            <Contacts clientId={c.id} canEdit={role !== 'biller'} />
            <Insurance clientId={c.id} canEdit />
            <ChartConsents clientId={c.id} canRecord={role !== 'biller'} />
            <Disclosures clientId={c.id} canRecord={session.data?.user.role !== 'biller'} />
            <Paper withBorder p="lg">
              <Title order={3} mb="sm">
                Appointments
              </Title>
              <ClientAppointments clientId={c.id} timeZone={timeZone} />
            </Paper>
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="notes" pt="md">
          <Stack gap="md">
            <ChartNotes clientId={c.id} canWrite={clinical} timeZone={timeZone} />
            {clinical ? <PsychotherapyNotes clientId={c.id} timeZone={timeZone} /> : null}
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="diagnoses" pt="md">
          <ChartDiagnoses clientId={c.id} canWrite={clinical} />
        </Tabs.Panel>
        <Tabs.Panel value="plan" pt="md">
          <ChartTreatmentPlan clientId={c.id} canWrite={clinical} timeZone={timeZone} />
        </Tabs.Panel>
        {clinical ? (
          <Tabs.Panel value="measures" pt="md">
            <ChartMeasures clientId={c.id} canWrite={clinical} />
          </Tabs.Panel>
        ) : null}
      </Tabs>
    </Stack>
  );
}

function Field({ label, value }: { label: string; value: string | null }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text>{value ?? '—'}</Text>
    </Stack>
  );
}
