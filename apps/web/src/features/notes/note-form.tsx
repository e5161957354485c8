import { Checkbox, Group, Paper, Select, SimpleGrid, Stack, Text, Textarea, Title } from '@mantine/core';
import {
  IDEATION,
  MSE_DOMAINS,
  RISK_LEVELS,
  TEMPLATES,
  type NoteContent,
  type NoteTemplateId,
} from '@mentalspace/contracts';

const IDEATION_LABELS: Record<(typeof IDEATION)[number], string> = {
  denied: 'Denied',
  passive: 'Passive',
  active_without_plan: 'Active, without plan',
  active_with_plan: 'Active, with plan',
};
const RISK_LABELS: Record<(typeof RISK_LEVELS)[number], string> = {
  none: 'None identified',
  low: 'Low',
  moderate: 'Moderate',
  high: 'High',
};

type Risk = NonNullable<NoteContent['risk']>;
const NEW_RISK: Risk = {
  suicidalIdeation: 'denied',
  homicidalIdeation: 'denied',
  selfHarm: false,
  riskLevel: 'none',
  safetyPlan: '',
};

/**
 * The note's body as a form: the template's sections, then the mental status exam and risk
 * assessment where the template has them. Read-only once signed.
 */
export interface PlanObjective {
  key: string;
  label: string;
}

const PROGRESS = [
  { value: 'no_progress', label: 'No progress' },
  { value: 'some_progress', label: 'Some progress' },
  { value: 'significant_progress', label: 'Significant progress' },
  { value: 'met', label: 'Met' },
];
type Progress = NonNullable<NoteContent['planProgress']>[number];

export function NoteForm({
  template,
  content,
  onChange,
  readOnly,
  fieldErrors,
  objectives = [],
}: {
  template: NoteTemplateId;
  content: NoteContent;
  onChange: (next: NoteContent) => void;
  readOnly: boolean;
  fieldErrors: Map<string, string>;
  /** The active treatment plan's objectives, for recording progress (none: no section). */
  objectives?: PlanObjective[];
}) {
  const t = TEMPLATES[template];
  const risk = content.risk ?? NEW_RISK;
  const setRisk = (patch: Partial<Risk>) => onChange({ ...content, risk: { ...risk, ...patch } });
  return (
    <Stack gap="md">
      {t.sections.map((section) => (
        <Textarea
          key={section.key}
          label={section.label}
          description={section.hint}
          autosize
          minRows={3}
          maxLength={20_000}
          readOnly={readOnly}
          value={content.sections[section.key] ?? ''}
          error={fieldErrors.get(`content.sections.${section.key}`)}
          onChange={(e) =>
            onChange({ ...content, sections: { ...content.sections, [section.key]: e.currentTarget.value } })
          }
        />
      ))}
      {t.mentalStatusExam ? (
        <Paper withBorder p="md">
          <Title order={4} mb="xs">
            Mental status exam
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
            {MSE_DOMAINS.map((domain) => (
              <Select
                key={domain.key}
                label={domain.label}
                data={[...domain.choices]}
                value={content.mse?.[domain.key] ?? null}
                readOnly={readOnly}
                clearable={!readOnly}
                searchable
                placeholder="Not assessed"
                onChange={(value) => {
                  const mse = { ...(content.mse ?? {}) };
                  if (value) mse[domain.key] = value;
                  else delete mse[domain.key];
                  onChange({ ...content, mse });
                }}
              />
            ))}
          </SimpleGrid>
        </Paper>
      ) : null}
      {template !== 'contact' && (objectives.length > 0 || (content.planProgress ?? []).length > 0) ? (
        <Paper withBorder p="md">
          <Title order={4} mb="xs">
            Treatment plan progress
          </Title>
          <Stack gap="xs">
            {objectives.map((o) => {
              const entry = content.planProgress?.find((p) => p.objectiveKey === o.key);
              const setEntry = (next: Progress | null) => {
                const rest = (content.planProgress ?? []).filter((p) => p.objectiveKey !== o.key);
                onChange({ ...content, planProgress: next ? [...rest, next] : rest });
              };
              return (
                <Group key={o.key} align="flex-end" wrap="wrap">
                  <Select
                    w={220}
                    label={o.label}
                    placeholder="Not addressed"
                    data={PROGRESS}
                    value={entry?.rating ?? null}
                    readOnly={readOnly}
                    clearable={!readOnly}
                    onChange={(v) =>
                      setEntry(
                        v
                          ? {
                              objectiveKey: o.key,
                              rating: v as Progress['rating'],
                              comment: entry?.comment ?? '',
                            }
                          : null,
                      )
                    }
                  />
                  {entry ? (
                    <Textarea
                      style={{ flex: 1, minWidth: 240 }}
                      aria-label={`${o.label} comment`}
                      placeholder="What shows it"
                      autosize
                      readOnly={readOnly}
                      value={entry.comment}
                      onChange={(e) => setEntry({ ...entry, comment: e.currentTarget.value })}
                    />
                  ) : null}
                </Group>
              );
            })}
          </Stack>
        </Paper>
      ) : null}
      {t.riskAssessment ? (
        <Paper withBorder p="md">
          <Title order={4} mb="xs">
            Risk assessment
          </Title>
          {fieldErrors.get('content.risk') && !content.risk ? (
            <Text c="red" size="sm" mb="xs" role="alert">
              {fieldErrors.get('content.risk')}
            </Text>
          ) : null}
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <Select
              label="Suicidal ideation"
              data={IDEATION.map((v) => ({ value: v, label: IDEATION_LABELS[v] }))}
              value={content.risk ? risk.suicidalIdeation : null}
              placeholder="Not assessed"
              readOnly={readOnly}
              allowDeselect={false}
              onChange={(v) => v && setRisk({ suicidalIdeation: v })}
            />
            <Select
              label="Homicidal ideation"
              data={IDEATION.map((v) => ({ value: v, label: IDEATION_LABELS[v] }))}
              value={content.risk ? risk.homicidalIdeation : null}
              placeholder="Not assessed"
              readOnly={readOnly}
              allowDeselect={false}
              onChange={(v) => v && setRisk({ homicidalIdeation: v })}
            />
            <Select
              label="Overall risk"
              data={RISK_LEVELS.map((v) => ({ value: v, label: RISK_LABELS[v] }))}
              value={content.risk ? risk.riskLevel : null}
              placeholder="Not assessed"
              readOnly={readOnly}
              allowDeselect={false}
              onChange={(v) => v && setRisk({ riskLevel: v })}
            />
          </SimpleGrid>
          <Group mt="sm">
            <Checkbox
              label="Self-harm since last session"
              checked={risk.selfHarm}
              disabled={readOnly}
              onChange={(e) => setRisk({ selfHarm: e.currentTarget.checked })}
            />
          </Group>
          <Textarea
            mt="sm"
            label="Safety plan"
            description="Warning signs, coping steps, contacts, means restriction"
            autosize
            minRows={2}
            readOnly={readOnly}
            value={risk.safetyPlan}
            onChange={(e) => setRisk({ safetyPlan: e.currentTarget.value })}
          />
        </Paper>
      ) : null}
    </Stack>
  );
}
