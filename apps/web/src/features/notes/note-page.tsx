import { Alert, Anchor, Badge, Breadcrumbs, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import {
  INSTRUMENTS,
  NOTE_TYPE_LABELS,
  TEMPLATES,
  type MeasureResponse,
  type NoteDetail,
} from '@mentalspace/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ErrorFallback } from '../../components/error-fallback';
import { LoadError, Loading } from '../../components/query-state';
import { api, ApiError } from '../../lib/api';
import { subscoreText } from '../measures/subscore-text';
import { NoteActions } from './note-actions';
import { NoteForm, type PlanObjective } from './note-form';
import { NoteHistory } from './note-history';
import { SaveStatus } from './save-status';
import { useAutosave } from './use-autosave';

export const STATUS_LABELS = {
  draft: { label: 'Draft', color: 'yellow' },
  awaiting_cosign: { label: 'Awaiting co-signature', color: 'blue' },
  signed: { label: 'Signed', color: 'teal' },
} as const;

/** A note: the editor while a draft (autosaved), the signed record after, with its addenda. */
export function NotePage() {
  const { id = '' } = useParams();
  const note = useQuery({ queryKey: ['note', id], queryFn: () => api.note(id), staleTime: Infinity });
  if (note.isPending) return <Loading label="Opening note…" />;
  if (note.isError) {
    if (note.error instanceof ApiError && (note.error.status === 404 || note.error.status === 400)) {
      return (
        <ErrorFallback
          title="Note not found"
          message="This note does not exist or is not on your caseload."
        />
      );
    }
    return <LoadError error={note.error} onRetry={() => void note.refetch()} />;
  }
  // Keyed by id so a different note starts a fresh editor.
  return <NoteView key={note.data.id} note={note.data} />;
}

/** The active plan's objectives, labelled as the plan numbers them, for the progress section. */
function usePlanObjectives(note: NoteDetail): PlanObjective[] {
  const plan = useQuery({
    queryKey: ['treatment-plan-active', note.clientId],
    queryFn: () => api.activeTreatmentPlan(note.clientId),
    enabled: note.content !== null && note.template !== 'contact',
  });
  const content = plan.data?.plan?.content;
  if (!content) return [];
  return content.problems.flatMap((p, i) =>
    p.goals.flatMap((g, j) =>
      g.objectives.map((o, k) => ({
        key: o.key,
        label: `Objective ${i + 1}.${j + 1}.${k + 1}: ${o.statement}`,
      })),
    ),
  );
}

/** "PHQ-9 12 (Moderate) on …"; the PCL-5 adds its DSM-5 cluster sums, the C-SSRS has no total. */
function measureLine(m: MeasureResponse): string {
  const score = m.instrumentId === 'cssrs_screen' ? '' : `${m.total} `;
  const reading = [m.severity, subscoreText(m.subscores, ', ')].filter(Boolean).join('; ');
  return `${INSTRUMENTS[m.instrumentId].shortName} ${score}(${reading}) on ${new Date(m.completedAt).toLocaleDateString()}`;
}

/** Where measure scores belong in each template: the section for observations and data. */
const MEASURE_SECTION = ['objective', 'data', 'behavior', 'status', 'progress', 'participation', 'summary'];

function NoteView({ note }: { note: NoteDetail }) {
  const autosave = useAutosave(note);
  const objectives = usePlanObjectives(note);
  const queryClient = useQueryClient();
  const [pulling, setPulling] = useState(false);
  const [pullError, setPullError] = useState<string | null>(null);
  /** Appends the latest score of each measure to the note, as text the clinician can edit. */
  const pullMeasures = async () => {
    setPulling(true);
    setPullError(null);
    try {
      const { items } = await queryClient.fetchQuery({
        queryKey: ['measures', note.clientId],
        queryFn: () => api.measures(note.clientId),
      });
      const latest = new Map(items.map((m) => [m.instrumentId, m]));
      const lines = [...latest.values()].map(measureLine);
      if (lines.length === 0) {
        setPullError('This client has no completed measures yet.');
        return;
      }
      const template = TEMPLATES[note.template];
      const key =
        template.sections.find((s) => MEASURE_SECTION.includes(s.key))?.key ?? template.sections[0]!.key;
      const current = autosave.content.sections[key] ?? '';
      autosave.change({
        ...autosave.content,
        sections: {
          ...autosave.content.sections,
          [key]: `${current}${current ? '\n' : ''}Measures: ${lines.join('; ')}.`,
        },
      });
    } catch (error) {
      setPullError(error instanceof Error ? error.message : 'Measures could not be loaded.');
    } finally {
      setPulling(false);
    }
  };
  const template = TEMPLATES[note.template];
  const status = STATUS_LABELS[note.status];
  return (
    <Stack gap="md">
      <Breadcrumbs>
        <Anchor component={Link} to="/clients">
          Clients
        </Anchor>
        <Anchor component={Link} to={`/clients/${note.clientId}?tab=notes`}>
          {note.clientName}
        </Anchor>
        <Text>{NOTE_TYPE_LABELS[note.type]}</Text>
      </Breadcrumbs>
      <Paper withBorder p="lg">
        <Group justify="space-between" align="flex-start">
          <Stack gap={4}>
            <Group gap="sm">
              <Title order={2}>{template.label}</Title>
              <Badge color={status.color} variant="light">
                {status.label}
              </Badge>
            </Group>
            <Text c="dimmed">
              {note.clientName} · date of service {note.serviceDate} · by {note.authorName}
              {note.cosignerName ? ` · co-signed by ${note.cosignerName}` : ''}
            </Text>
          </Stack>
          {note.can.edit ? <SaveStatus state={autosave.state} /> : null}
        </Group>
        {note.returnedComment ? (
          <Alert color="orange" mt="md" title="Returned by your supervisor">
            {note.returnedComment}
          </Alert>
        ) : null}
      </Paper>
      {note.content === null ? (
        <Alert color="gray" title="Note content is not shown to your role">
          Front desk, billing and administrative roles see that a note exists, its date and status, never its
          content.
        </Alert>
      ) : (
        <Paper withBorder p="lg">
          {note.can.edit ? (
            <Group mb="md">
              <Button variant="default" size="xs" onClick={() => void pullMeasures()} loading={pulling}>
                Insert latest measures
              </Button>
              {pullError ? (
                <Text size="sm" c="red" role="alert">
                  {pullError}
                </Text>
              ) : null}
            </Group>
          ) : null}
          <NoteForm
            template={note.template}
            content={note.can.edit ? autosave.content : note.content}
            onChange={autosave.change}
            readOnly={!note.can.edit}
            fieldErrors={new Map()}
            objectives={objectives}
          />
        </Paper>
      )}
      <NoteActions note={note} flush={autosave.flush} blocked={autosave.state.kind === 'conflict'} />
      <NoteHistory note={note} />
    </Stack>
  );
}
