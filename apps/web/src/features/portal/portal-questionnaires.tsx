import { Alert, Button, Group, Modal, Stack, Table, Text } from '@mantine/core';
import { INSTRUMENTS, type InstrumentId, type MeasureResponse } from '@mentalspace/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Empty, LoadError, Loading } from '../../components/query-state';
import { api } from '../../lib/api';
import { MeasureForm } from '../measures/measure-form';

/**
 * Questionnaires a client may fill in from home unasked; the clinician is told at once of any risk
 * answer. The C-SSRS and the PCL-5 appear only once the care team assigns them: the PCL-5 asks
 * about "the stressful experience", which the clinician and client have to have identified first.
 */
const OFFERED: InstrumentId[] = ['phq9', 'gad7'];

export function PortalQuestionnaires() {
  const queryClient = useQueryClient();
  const done = useQuery({ queryKey: ['portal-measures'], queryFn: api.portalMeasures });
  const assigned = useQuery({ queryKey: ['portal-assigned-measures'], queryFn: api.portalAssignedMeasures });
  const due = new Set((assigned.data?.items ?? []).filter((a) => a.due).map((a) => a.instrumentId));
  const [open, setOpen] = useState<InstrumentId | null>(null);
  const [last, setLast] = useState<MeasureResponse | null>(null);
  const submit = useMutation({
    mutationFn: api.portalRecordMeasure,
    onSuccess: async (response) => {
      setOpen(null);
      setLast(response);
      await queryClient.invalidateQueries({ queryKey: ['portal-measures'] });
      await queryClient.invalidateQueries({ queryKey: ['portal-assigned-measures'] });
    },
  });
  return (
    <Stack gap="xs">
      <Text fw={600}>Questionnaires</Text>
      {last ? (
        last.riskLevel !== 'none' ? (
          <Alert color="red" role="alert" title="Thank you for telling us">
            Your care team has been told and will reach out. If you are thinking about harming yourself or are
            in danger now, call or text 988 (Suicide &amp; Crisis Lifeline) or 911.
          </Alert>
        ) : (
          <Alert color="teal" role="status">
            Thank you. Your answers are with your care team.
          </Alert>
        )
      ) : null}
      {due.size > 0 ? (
        <Alert color="blue" role="status">
          Your care team asked you to fill in {[...due].map((id) => INSTRUMENTS[id].shortName).join(' and ')}.
        </Alert>
      ) : null}
      <Group>
        {[...new Set([...due, ...OFFERED])].map((id) => (
          <Button
            key={id}
            variant={due.has(id) ? 'filled' : 'default'}
            onClick={() => {
              submit.reset();
              setOpen(id);
            }}
          >
            Fill in the {INSTRUMENTS[id].shortName}
          </Button>
        ))}
      </Group>
      {done.isPending ? (
        <Loading label="Loading your questionnaires…" />
      ) : done.isError ? (
        <LoadError error={done.error} onRetry={() => void done.refetch()} />
      ) : done.data.items.length === 0 ? (
        <Empty>You have not filled in any questionnaires yet.</Empty>
      ) : (
        <Table aria-label="Your questionnaires">
          <Table.Tbody>
            {[...done.data.items]
              .reverse()
              .slice(0, 10)
              .map((m) => (
                <Table.Tr key={m.id}>
                  <Table.Td>{new Date(m.completedAt).toLocaleDateString()}</Table.Td>
                  <Table.Td>{INSTRUMENTS[m.instrumentId].name}</Table.Td>
                </Table.Tr>
              ))}
          </Table.Tbody>
        </Table>
      )}
      <Modal opened={open !== null} onClose={() => setOpen(null)} size="xl" title="Questionnaire">
        {open ? (
          <MeasureForm
            instrumentId={open}
            onSubmit={(body) => submit.mutate(body)}
            pending={submit.isPending}
            error={submit.error}
            showScore={false}
          />
        ) : null}
      </Modal>
    </Stack>
  );
}
