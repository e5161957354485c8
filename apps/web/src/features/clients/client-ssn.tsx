import { Alert, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import {
  ClientDetailSchema,
  ClientSsnSchema,
  type ClientDetail,
  type SetClientSsnBody,
} from '@mentalspace/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, post, put } from '../../lib/api';

/** The roles the API lets reveal, set and look up SSNs (`canUseSsn`). */
export const SSN_ROLES = ['owner', 'admin', 'front_desk', 'biller', 'clinician', 'supervisor'];

/** The API's refusal as the field shows it: "The SSN cannot end in 0000…", or the whole message. */
export function ssnError(error: Error) {
  const field = error instanceof ApiError ? error.fieldErrors.find((f) => f.field === 'body.ssn') : undefined;
  return field ? `The SSN ${field.message}` : error.message;
}

/** A revealed number goes back to its mask by itself after this long. */
const REVEAL_MS = 30_000;

const path = (clientId: string) => `/clients/${encodeURIComponent(clientId)}/ssn`;

/**
 * The client's SSN on the chart header: the last four digits, a Reveal button that fetches the
 * full number (an audited action of its own) and hides it again after 30 seconds, and a form to
 * add, change or remove it. The full number is kept in this component only, never in the query
 * cache.
 */
export function ClientSsn({ client, role }: { client: ClientDetail; role: string }) {
  const queryClient = useQueryClient();
  // Emergency access opens the chart for care, not for its identifiers; the API refuses it too.
  const canUse = SSN_ROLES.includes(role) && !client.emergencyAccessUntil;
  const [revealed, setRevealed] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState('');

  useEffect(() => {
    if (revealed === null) return;
    const timer = setTimeout(() => setRevealed(null), REVEAL_MS);
    return () => clearTimeout(timer);
  }, [revealed]);

  const reveal = useMutation({
    mutationFn: () => post(ClientSsnSchema, `${path(client.id)}/reveal`),
    onSuccess: (data) => setRevealed(data.ssn),
  });
  const save = useMutation({
    mutationFn: (body: SetClientSsnBody) => put(ClientDetailSchema, path(client.id), body),
    onSuccess: (updated) => {
      queryClient.setQueryData(['client', client.id], updated);
      setRevealed(null);
      setEditing(false);
      setValue('');
    },
  });
  const fieldError = save.error ? ssnError(save.error) : undefined;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({ ssn: value });
  };

  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600} id="client-ssn-label">
        SSN
      </Text>
      {editing ? (
        <form onSubmit={submit} noValidate aria-labelledby="client-ssn-label">
          <Group gap="xs" align="flex-start">
            <TextInput
              aria-label="Social Security number"
              placeholder="123-45-6789"
              value={value}
              onChange={(e) => setValue(e.currentTarget.value)}
              error={fieldError}
              autoComplete="off"
              spellCheck={false}
              inputMode="numeric"
              maxLength={11}
              w={160}
              autoFocus
            />
            <Button type="submit" size="sm" loading={save.isPending}>
              Save
            </Button>
            {client.ssnMasked ? (
              <Button
                size="sm"
                variant="default"
                color="red"
                disabled={save.isPending}
                onClick={() => save.mutate({ ssn: null })}
              >
                Remove
              </Button>
            ) : null}
            <Button
              size="sm"
              variant="subtle"
              onClick={() => {
                setEditing(false);
                setValue('');
                save.reset();
              }}
            >
              Cancel
            </Button>
          </Group>
        </form>
      ) : (
        <Group gap="xs">
          <Text aria-live="polite" ff="monospace">
            {revealed ?? client.ssnMasked ?? '—'}
          </Text>
          {canUse && client.ssnMasked ? (
            <Button
              size="compact-sm"
              variant="subtle"
              loading={reveal.isPending}
              onClick={() => (revealed === null ? reveal.mutate() : setRevealed(null))}
            >
              {revealed === null ? 'Reveal' : 'Hide'}
            </Button>
          ) : null}
          {canUse ? (
            <Button size="compact-sm" variant="subtle" onClick={() => setEditing(true)}>
              {client.ssnMasked ? 'Change' : 'Add'}
            </Button>
          ) : null}
        </Group>
      )}
      {reveal.error ? (
        <Alert color="red" role="alert" mt={4}>
          <Text size="sm">{reveal.error.message}</Text>
        </Alert>
      ) : null}
    </Stack>
  );
}
