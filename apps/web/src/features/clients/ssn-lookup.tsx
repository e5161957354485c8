import { Button, Group, Paper, Stack, Text, TextInput } from '@mantine/core';
import { SsnLookupSchema, type ClientSummary } from '@mentalspace/contracts';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { post } from '../../lib/api';
import { ssnError } from './client-ssn';
import { ClientTable } from './client-table';

/**
 * Exact-match lookup by SSN, for staff who work with SSNs. The number travels in a POST body (never
 * a URL or the query cache) and the field is cleared once the answer arrives.
 */
export function SsnLookup() {
  const [value, setValue] = useState('');
  const [found, setFound] = useState<ClientSummary[] | null>(null);
  const lookup = useMutation({
    mutationFn: (ssn: string) => post(SsnLookupSchema, '/clients/ssn-lookup', { ssn }),
    onSuccess: (data) => {
      setFound(data.items);
      setValue('');
    },
  });
  const error = lookup.error ? ssnError(lookup.error) : undefined;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    lookup.mutate(value);
  };
  return (
    <Stack gap="xs">
      <form onSubmit={submit} noValidate aria-label="Find a client by SSN">
        <Group align="flex-end" gap="xs">
          <TextInput
            label="Find by SSN"
            placeholder="123-45-6789"
            value={value}
            onChange={(e) => setValue(e.currentTarget.value)}
            error={error}
            autoComplete="off"
            spellCheck={false}
            inputMode="numeric"
            maxLength={11}
            w={200}
          />
          <Button type="submit" variant="default" loading={lookup.isPending} disabled={value.trim() === ''}>
            Find
          </Button>
          {found ? (
            <Button variant="subtle" onClick={() => setFound(null)}>
              Clear
            </Button>
          ) : null}
        </Group>
      </form>
      {found ? (
        <Paper withBorder aria-live="polite">
          {found.length === 0 ? (
            <Text p="md" c="dimmed">
              No client in your reach has this SSN.
            </Text>
          ) : (
            <ClientTable clients={found} />
          )}
        </Paper>
      ) : null}
    </Stack>
  );
}
