import {
  Badge,
  Button,
  Group,
  Paper,
  SegmentedControl,
  Stack,
  Table,
  Tabs,
  Text,
  Title,
} from '@mantine/core';
import type { SecurityAlert } from '@mentalspace/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { Empty, LoadError, Loading } from '../../components/query-state';
import { api, ApiError } from '../../lib/api';
import { formatDate, formatTime } from '../../lib/format';
import { useSession } from '../session/use-session';
import { AlertEvidence } from './alert-evidence';
import { SEVERITY_COLORS } from './alert-labels';
import { BreachSettingsPanel } from './breach-settings-panel';

/** Owners and admins: what needs a look, and the thresholds that decide what does. */
export function SecurityAlertsPage() {
  const [tab, setTab] = useState<'alerts' | 'thresholds'>('alerts');
  return (
    <Stack gap="md">
      <Title order={2}>Security alerts</Title>
      <Tabs
        value={tab}
        onChange={(v) => setTab(v === 'thresholds' ? 'thresholds' : 'alerts')}
        keepMounted={false}
      >
        <Tabs.List>
          <Tabs.Tab value="alerts">Alerts</Tabs.Tab>
          <Tabs.Tab value="thresholds">Detection thresholds</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="alerts" pt="md">
          <AlertList />
        </Tabs.Panel>
        <Tabs.Panel value="thresholds" pt="md">
          <BreachSettingsPanel />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

/** The alerts themselves (emergency access and the breach rules), unresolved or resolved. */
function AlertList() {
  const session = useSession();
  const queryClient = useQueryClient();
  const [view, setView] = useState<'unresolved' | 'resolved'>('unresolved');
  const alerts = useQuery({
    queryKey: ['alerts', view],
    queryFn: () => api.securityAlerts(view),
    staleTime: 0,
  });
  const move = useMutation({
    mutationFn: ({ alert, verb }: { alert: SecurityAlert; verb: 'acknowledge' | 'resolve' }) =>
      api.moveAlert(alert.id, verb),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['alerts'] }),
  });
  const timeZone = session.data?.practice.timeZone ?? 'UTC';
  return (
    <Stack gap="md">
      <Group justify="flex-end">
        <SegmentedControl
          aria-label="Which alerts"
          value={view}
          onChange={(v) => setView(v)}
          data={[
            { value: 'unresolved', label: 'Needs attention' },
            { value: 'resolved', label: 'Resolved' },
          ]}
        />
      </Group>
      <Paper withBorder>
        {alerts.isPending ? (
          <Loading label="Loading alerts…" />
        ) : alerts.isError ? (
          alerts.error instanceof ApiError && alerts.error.status === 403 ? (
            <Empty>Only owners and administrators handle security alerts.</Empty>
          ) : (
            <LoadError error={alerts.error} onRetry={() => void alerts.refetch()} />
          )
        ) : alerts.data.items.length === 0 ? (
          <Empty>{view === 'unresolved' ? 'Nothing needs attention.' : 'No resolved alerts yet.'}</Empty>
        ) : (
          <Table aria-label="Security alerts" verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>When</Table.Th>
                <Table.Th>Severity</Table.Th>
                <Table.Th>What</Table.Th>
                <Table.Th>Who</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {alerts.data.items.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td>
                    <Text size="sm">{formatDate(a.createdAt, timeZone)}</Text>
                    <Text size="xs" c="dimmed">
                      {formatTime(a.createdAt, timeZone)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={SEVERITY_COLORS[a.severity]}>{a.severity}</Badge>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{a.summary}</Text>
                    <AlertEvidence evidence={a.evidence} />
                    {a.clientId ? (
                      <Link to={`/audit?clientId=${a.clientId}`}>
                        <Text size="xs">Access history of the chart</Text>
                      </Link>
                    ) : null}
                  </Table.Td>
                  <Table.Td>{a.subjectName ?? '—'}</Table.Td>
                  <Table.Td>{a.status}</Table.Td>
                  <Table.Td>
                    <Group gap="xs" justify="flex-end" wrap="nowrap">
                      {a.status === 'open' ? (
                        <Button
                          size="xs"
                          variant="default"
                          onClick={() => move.mutate({ alert: a, verb: 'acknowledge' })}
                        >
                          Acknowledge
                        </Button>
                      ) : null}
                      {a.status !== 'resolved' ? (
                        <Button size="xs" onClick={() => move.mutate({ alert: a, verb: 'resolve' })}>
                          Resolve
                        </Button>
                      ) : null}
                    </Group>
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
