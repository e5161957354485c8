import { Alert, Button, Group, PasswordInput, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { startRegistration, type PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/browser';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { LoadError, Loading } from '../../components/query-state';
import { api, ApiError } from '../../lib/api';
import { formatDate } from '../../lib/format';

/** Passkeys: a phishing-resistant second factor held by the device (Touch ID, Windows Hello, a key). */
export function PasskeysPanel({ timeZone }: { timeZone: string }) {
  const queryClient = useQueryClient();
  const passkeys = useQuery({ queryKey: ['passkeys'], queryFn: api.passkeys });
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [needsPassword, setNeedsPassword] = useState(false);
  const add = useMutation({
    mutationFn: async () => {
      if (needsPassword) await api.reauthenticate(password);
      const options = await api.passkeyRegistrationOptions();
      const response = await startRegistration({
        optionsJSON: options as unknown as PublicKeyCredentialCreationOptionsJSON,
      });
      return api.addPasskey(name, response);
    },
    onSuccess: async () => {
      setName('');
      setPassword('');
      setNeedsPassword(false);
      await queryClient.invalidateQueries({ queryKey: ['passkeys'] });
    },
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'reauthentication_required') setNeedsPassword(true);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate();
  };
  return (
    <Stack gap="sm">
      <Title order={3}>Passkeys</Title>
      {passkeys.isPending ? (
        <Loading label="Loading passkeys…" />
      ) : passkeys.isError ? (
        <LoadError error={passkeys.error} onRetry={() => void passkeys.refetch()} />
      ) : passkeys.data.items.length === 0 ? (
        <Text size="sm" c="dimmed">
          No passkeys yet. A passkey lets you confirm sign-in with this device instead of a code.
        </Text>
      ) : (
        <Table aria-label="Passkeys">
          <Table.Tbody>
            {passkeys.data.items.map((p) => (
              <Table.Tr key={p.id}>
                <Table.Td>{p.name}</Table.Td>
                <Table.Td>Added {formatDate(p.createdAt, timeZone)}</Table.Td>
                <Table.Td>
                  {p.lastUsedAt ? `Last used ${formatDate(p.lastUsedAt, timeZone)}` : 'Not used yet'}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {add.error &&
      !(add.error instanceof ApiError && add.error.code === 'reauthentication_required' && !password) ? (
        <Alert color="red" role="alert">
          {add.error instanceof ApiError ? add.error.message : 'The passkey was not added.'}
        </Alert>
      ) : null}
      <form onSubmit={submit} noValidate>
        <Group align="flex-end">
          <TextInput
            label="Passkey name"
            placeholder="e.g. Office laptop"
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
          />
          {needsPassword ? (
            <PasswordInput
              label="Confirm your password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
            />
          ) : null}
          <Button type="submit" loading={add.isPending} disabled={!name || (needsPassword && !password)}>
            Add a passkey
          </Button>
        </Group>
      </form>
    </Stack>
  );
}
