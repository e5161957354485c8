import {
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { INSTRUMENTS, type InstrumentId } from '@mentalspace/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Empty, LoadError, Loading } from '../../components/query-state';
import { api } from '../../lib/api';
import { MeasureForm } from './measure-form';
import { MeasureSchedule } from './measure-schedule';
import { subscoreText } from './subscore-text';
import { TrendChart } from './trend-chart';

export const RISK_COLORS = { none: 'gray', low: 'yellow', moderate: 'orange', high: 'red' } as const;

/** The measures tab: trends with severity bands, every score, and administering one in the office. */
export function ChartMeasures({ clientId, canWrite }: { clientId: string; canWrite: boolean }) {
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: ['measures', clientId], queryFn: () => api.measures(clientId) });
  const [opened, dialog] = useDisclosure(false);
  const [instrumentId, setInstrumentId] = useState<InstrumentId>('phq9');
  const record = useMutation({
    mutationFn: api.recordMeasure.bind(null, clientId),
    onSuccess: async () => {
      dialog.close();
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['measures', clientId] }),
        queryClient.invalidateQueries({ queryKey: ['risk-flags', clientId] }),
        queryClient.invalidateQueries({ queryKey: ['measure-assignments', clientId] }),
        // A risk answer notifies the care team, who may include the person entering it.
        queryClient.invalidateQueries({ queryKey: ['notifications'] }),
        queryClient.invalidateQueries({ queryKey: ['timeline', clientId] }),
      ]);
    },
  });
  return (
    <Stack gap="md">
      {canWrite ? (
        <Paper withBorder p="lg">
          <Group align="flex-end">
            <Select
              label="Measure"
              data={Object.values(INSTRUMENTS).map((i) => ({
                value: i.id,
                label: `${i.shortName} — ${i.name}`,
              }))}
              value={instrumentId}
              allowDeselect={false}
              w={420}
              onChange={(v) => setInstrumentId(v ?? 'phq9')}
            />
            <Button
              onClick={() => {
                record.reset();
                dialog.open();
              }}
            >
              Administer in office
            </Button>
          </Group>
        </Paper>
      ) : null}
      {canWrite ? <MeasureSchedule clientId={clientId} /> : null}
      {list.isPending ? (
        <Loading label="Loading measures…" />
      ) : list.isError ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <Paper withBorder p="lg">
          <Empty>No measures completed yet.</Empty>
        </Paper>
      ) : (
        <>
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            {Object.values(INSTRUMENTS)
              .filter((i) => i.bands.length > 0)
              .map((i) => (
                <TrendChart key={i.id} instrumentId={i.id} responses={list.data.items} />
              ))}
          </SimpleGrid>
          <Paper withBorder p="lg">
            <Title order={3} mb="sm">
              All scores
            </Title>
            <Table aria-label="Measure scores">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Completed</Table.Th>
                  <Table.Th>Measure</Table.Th>
                  <Table.Th>Score</Table.Th>
                  <Table.Th>Severity</Table.Th>
                  <Table.Th>Where</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {[...list.data.items].reverse().map((m) => (
                  <Table.Tr key={m.id}>
                    <Table.Td>{new Date(m.completedAt).toLocaleString()}</Table.Td>
                    <Table.Td>{INSTRUMENTS[m.instrumentId].shortName}</Table.Td>
                    <Table.Td>
                      {m.instrumentId === 'cssrs_screen' ? '—' : m.total}
                      {m.subscores.length > 0 ? (
                        <Text size="xs" c="dimmed">
                          {subscoreText(m.subscores)}
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td>
                      {m.severity}{' '}
                      {m.riskLevel !== 'none' ? (
                        <Badge color={RISK_COLORS[m.riskLevel]} size="sm">
                          Risk: {m.riskLevel}
                        </Badge>
                      ) : null}
                    </Table.Td>
                    <Table.Td>{m.source === 'portal' ? 'Portal' : 'Office'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Paper>
        </>
      )}
      <Modal opened={opened} onClose={dialog.close} size="xl" title="Administer a measure">
        <MeasureForm
          key={instrumentId}
          instrumentId={instrumentId}
          onSubmit={(body) => record.mutate(body)}
          pending={record.isPending}
          error={record.error}
          showScore
        />
      </Modal>
    </Stack>
  );
}
