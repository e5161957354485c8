import { Alert, Button, Group, NumberInput, Paper, Stack, Switch, Text, Title } from '@mantine/core';
import type { ClinicalSettings } from '@mentalspace/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { LoadError, Loading } from '../../components/query-state';
import { api } from '../../lib/api';

/** Owners and administrators: the note deadline and whether billing waits for a signed note. */
export function ClinicalSettingsPanel() {
  const settings = useQuery({ queryKey: ['clinical-settings'], queryFn: api.clinicalSettings });
  if (settings.isPending) return <Loading label="Loading clinical settings…" />;
  if (settings.isError) return <LoadError error={settings.error} onRetry={() => void settings.refetch()} />;
  return <SettingsForm initial={settings.data} />;
}

function SettingsForm({ initial }: { initial: ClinicalSettings }) {
  const queryClient = useQueryClient();
  const [form, setForm] = useState(initial);
  const save = useMutation({
    mutationFn: () => api.saveClinicalSettings(form),
    onSuccess: (saved) => {
      queryClient.setQueryData(['clinical-settings'], saved);
      void queryClient.invalidateQueries({ queryKey: ['notes-due'] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <Paper withBorder p="lg">
      <form onSubmit={submit} aria-label="Clinical settings">
        <Stack gap="sm">
          <Title order={3}>Clinical settings</Title>
          {save.error ? (
            <Alert color="red" role="alert">
              {save.error.message}
            </Alert>
          ) : null}
          <NumberInput
            w={260}
            label="Notes are due within (hours after the session)"
            min={1}
            max={720}
            value={form.noteDeadlineHours}
            onChange={(v) => setForm({ ...form, noteDeadlineHours: Number(v) || 1 })}
          />
          <Switch
            label="A completed appointment is billable only once its note is signed"
            checked={form.requireSignedNoteForBilling}
            onChange={(e) => setForm({ ...form, requireSignedNoteForBilling: e.currentTarget.checked })}
          />
          <Group>
            <Button type="submit" loading={save.isPending}>
              Save settings
            </Button>
            {save.isSuccess ? (
              <Text size="sm" c="dimmed" role="status">
                Saved.
              </Text>
            ) : null}
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
