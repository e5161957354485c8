import { Alert, Button, Group, Paper, Radio, Stack, Text, Title } from '@mantine/core';
import {
  INSTRUMENTS,
  answerProblems,
  askedItems,
  scoreMeasure,
  type InstrumentId,
  type RecordMeasureBody,
} from '@mentalspace/contracts';
import { useState, type FormEvent } from 'react';
import { ApiError } from '../../lib/api';
import { subscoreText } from './subscore-text';

/**
 * One standardized measure as a form: the published wording, one choice per item (skip logic
 * applied), and the score as it is being answered. Used in the office and in the portal.
 */
export function MeasureForm({
  instrumentId,
  onSubmit,
  pending,
  error,
  showScore,
}: {
  instrumentId: InstrumentId;
  onSubmit: (body: RecordMeasureBody) => void;
  pending: boolean;
  error: Error | null;
  /** Staff see the running score; a client filling it in does not need to. */
  showScore: boolean;
}) {
  const instrument = INSTRUMENTS[instrumentId];
  const [answers, setAnswers] = useState<Record<string, number>>({});
  const asked = askedItems(instrument, answers);
  // Answers to questions no longer asked (a changed C-SSRS item 2) are dropped before sending.
  const current = Object.fromEntries(Object.entries(answers).filter(([k]) => asked.some((i) => i.key === k)));
  const problems = answerProblems(instrument, current);
  const score = scoreMeasure(instrument, current);
  const serverErrors = new Map(
    error instanceof ApiError
      ? error.fieldErrors.map((f) => [f.field.replace('body.answers.', ''), f.message])
      : [],
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit({ instrumentId, answers: current });
  };
  return (
    <form onSubmit={submit} aria-label={instrument.shortName}>
      <Stack gap="md">
        <div>
          <Title order={3}>{instrument.name}</Title>
          <Text c="dimmed">{instrument.instructions}</Text>
        </div>
        {asked.map((item, index) => (
          <Paper key={item.key} withBorder p="md">
            <Radio.Group
              label={`${index + 1}. ${item.text}`}
              value={current[item.key] === undefined ? null : String(current[item.key])}
              onChange={(v) => setAnswers({ ...answers, [item.key]: Number(v) })}
              error={serverErrors.get(item.key)}
              required={!item.optional}
            >
              <Group mt="xs" gap="lg">
                {item.options.map((o) => (
                  <Radio key={o.value} value={String(o.value)} label={o.label} />
                ))}
              </Group>
            </Radio.Group>
          </Paper>
        ))}
        {error && serverErrors.size === 0 ? (
          <Alert color="red" role="alert">
            {error.message}
          </Alert>
        ) : null}
        <Group>
          <Button type="submit" loading={pending} disabled={problems.length > 0}>
            Submit {instrument.shortName}
          </Button>
          {showScore ? (
            <Text size="sm" c="dimmed" aria-live="polite">
              {problems.length > 0
                ? `${problems.length} question${problems.length === 1 ? '' : 's'} left`
                : [`Score ${score.total}`, score.severity, subscoreText(score.subscores)]
                    .filter(Boolean)
                    .join(' · ')}
            </Text>
          ) : problems.length > 0 ? (
            <Text size="sm" c="dimmed">
              Please answer every question.
            </Text>
          ) : null}
        </Group>
      </Stack>
    </form>
  );
}
