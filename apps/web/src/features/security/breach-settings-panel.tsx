import { Alert, Button, Checkbox, Group, NumberInput, Paper, Stack, Text, Title } from '@mantine/core';
import {
  BREACH_SETTING_FIELDS,
  BreachSettingsSchema,
  type BreachSettings,
  type UpdateBreachSettingsBody,
} from '@mentalspace/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { z } from 'zod';
import { Empty, LoadError, Loading } from '../../components/query-state';
import { api, ApiError } from '../../lib/api';

type Field = (typeof BREACH_SETTING_FIELDS)[number];
/** What an input holds: a number (or the text being typed), or a set of ISO weekdays. */
type Value = number | string | number[];
/** Keyed by the setting's path as the server names it in errors: `exportRows`, `businessHours.start`. */
type Form = Record<string, Value>;

const DEFAULTS = BreachSettingsSchema.parse({});
const QUERY_KEY = ['breach-settings'];
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const DAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** The schema's bounds, so the inputs step within what the server accepts. */
function bounds(key: Field['key']): { min?: number; max?: number } {
  const inner: unknown = BreachSettingsSchema.shape[key].unwrap();
  if (!(inner instanceof z.ZodNumber)) return {};
  return {
    ...(inner.minValue === null ? {} : { min: inner.minValue }),
    ...(inner.maxValue === null ? {} : { max: inner.maxValue }),
  };
}

/** A label starting with "…" continues the threshold before it ("…within 60 minutes"): one row. */
const ROWS = BREACH_SETTING_FIELDS.reduce<Field[][]>((rows, field) => {
  const last = rows.at(-1);
  if (field.label.startsWith('…') && last) last.push(field);
  else rows.push([field]);
  return rows;
}, []);

const toForm = (s: BreachSettings): Form => ({
  ...Object.fromEntries(BREACH_SETTING_FIELDS.map((f) => [f.key, s[f.key] as Value])),
  'businessHours.start': s.businessHours.start,
  'businessHours.end': s.businessHours.end,
});
const fmt = (n: unknown) => (typeof n === 'number' ? n.toLocaleString('en-US') : '…');
const fromForm = (value: Value | undefined) =>
  Array.isArray(value) ? [...value].sort((a, b) => a - b) : Number(value);

/** Owners and administrators: the limits past which breach detection raises an alert. */
export function BreachSettingsPanel() {
  const settings = useQuery({ queryKey: QUERY_KEY, queryFn: api.breachSettings, staleTime: 0 });
  if (settings.isPending) return <Loading label="Loading detection thresholds…" />;
  if (settings.isError)
    return settings.error instanceof ApiError && settings.error.status === 403 ? (
      <Empty>Only owners and administrators change detection thresholds.</Empty>
    ) : (
      <LoadError error={settings.error} onRetry={() => void settings.refetch()} />
    );
  return <ThresholdsForm initial={settings.data} />;
}

function ThresholdsForm({ initial }: { initial: BreachSettings }) {
  const queryClient = useQueryClient();
  const [form, setForm] = useState<Form>(() => toForm(initial));
  const save = useMutation({
    mutationFn: (body: UpdateBreachSettingsBody) => api.saveBreachSettings(body),
    onSuccess: (saved) => {
      queryClient.setQueryData(QUERY_KEY, saved);
      setForm(toForm(saved));
    },
  });
  const fieldErrors = save.error instanceof ApiError ? save.error.fieldErrors : [];
  const errorOf = (path: string) => fieldErrors.find((e) => e.field === `body.${path}`)?.message;
  const change = (path: string, value: Value) => {
    if (save.isSuccess) save.reset();
    setForm((f) => ({ ...f, [path]: value }));
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    // Settings this form does not show travel back as they came, so a save never drops one.
    save.mutate({
      ...initial,
      ...Object.fromEntries(BREACH_SETTING_FIELDS.map((f) => [f.key, fromForm(form[f.key])])),
      businessHours: {
        start: Number(form['businessHours.start']),
        end: Number(form['businessHours.end']),
      },
    });
  };

  const numberInput = (
    path: string,
    label: string,
    suffix: string,
    limits: { min?: number; max?: number },
    fallback: number,
  ) => (
    <NumberInput
      key={path}
      w={300}
      label={label}
      description={`Default ${fmt(fallback)}${limits.min === undefined ? '' : ` · ${fmt(limits.min)}–${fmt(limits.max)}`}`}
      suffix={suffix}
      {...limits}
      clampBehavior="none"
      allowDecimal={false}
      allowNegative={false}
      required
      value={form[path] as number | string}
      onChange={(value) => change(path, value)}
      error={errorOf(path)}
    />
  );
  const weekdaysInput = (field: Field) => {
    const days = (form[field.key] as number[] | undefined) ?? [];
    const fallback = DEFAULTS[field.key];
    return (
      <Checkbox.Group
        key={field.key}
        label={field.label}
        description={`Default ${Array.isArray(fallback) ? fallback.map((d) => WEEKDAYS[d - 1]).join(', ') : ''}`}
        value={days.map(String)}
        onChange={(values) => change(field.key, values.map(Number))}
        error={errorOf(field.key)}
      >
        <Group gap="sm" mt={6}>
          {WEEKDAYS.map((day, i) => (
            <Checkbox key={day} value={String(i + 1)} label={day} aria-label={DAY_NAMES[i]} />
          ))}
        </Group>
      </Checkbox.Group>
    );
  };
  const fieldInput = (field: Field) => {
    const fallback = DEFAULTS[field.key];
    return Array.isArray(fallback)
      ? weekdaysInput(field)
      : numberInput(field.key, field.label, ` ${field.unit}`, bounds(field.key), fallback);
  };

  return (
    <Paper withBorder p="lg">
      <form onSubmit={submit} aria-label="Detection thresholds">
        <Stack gap="md">
          <div>
            <Title order={3}>Detection thresholds</Title>
            <Text size="sm" c="dimmed">
              Breach detection raises an alert when activity goes past these limits. A change applies from the
              next detection run, within a minute.
            </Text>
          </div>
          {save.error ? (
            <Alert color="red" role="alert" title="Not saved">
              {save.error.message}
            </Alert>
          ) : null}
          {ROWS.map((row) => (
            <Group key={row[0]!.key} role="group" aria-label={row[0]!.label} align="flex-start" gap="md">
              {row.map(fieldInput)}
            </Group>
          ))}
          <Group role="group" aria-label="Working hours" align="flex-start" gap="md">
            {numberInput(
              'businessHours.start',
              'Working hours start at',
              ':00',
              { min: 0, max: 23 },
              DEFAULTS.businessHours.start,
            )}
            {numberInput(
              'businessHours.end',
              'Working hours end at',
              ':00',
              { min: 1, max: 24 },
              DEFAULTS.businessHours.end,
            )}
          </Group>
          <Text size="xs" c="dimmed">
            Working days and hours are in the practice’s time zone. Opening a chart outside them is flagged
            unless it falls within the person’s own working hours (in their time zone) or they have an
            appointment with that client around that time; opening one during their time off always is.
          </Text>
          <Group>
            <Button type="submit" loading={save.isPending}>
              Save thresholds
            </Button>
            {save.isSuccess ? (
              <Text size="sm" c="teal" role="status">
                Saved.
              </Text>
            ) : null}
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
