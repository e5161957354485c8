import { Alert, Button, PasswordInput, Stack, Text } from '@mantine/core';
import { DEFAULT_PASSWORD_POLICY } from '@mentalspace/contracts';
import { useState, type FormEvent } from 'react';
import { ApiError } from '../../lib/api';
import { PasswordMeter } from './password-meter';

/**
 * Choose a password, twice, with the live strength meter: what an invitation link leads to, for
 * staff and portal clients alike. The server checks it again (blocklist, policy) and names what
 * is wrong in the error shown here.
 */
export function NewPasswordForm({
  intro,
  submitLabel,
  pending,
  error,
  onSubmit,
}: {
  intro: string;
  submitLabel: string;
  pending: boolean;
  error: Error | null;
  onSubmit: (password: string) => void;
}) {
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit(password);
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Text size="sm">{intro}</Text>
        {error ? (
          <Alert color="red" role="alert">
            {error instanceof ApiError && error.fieldErrors.length > 0
              ? error.fieldErrors.map((f) => f.message).join('. ')
              : error.message}
          </Alert>
        ) : null}
        <PasswordInput
          label="New password"
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          data-autofocus
        />
        <PasswordMeter
          password={password}
          policy={DEFAULT_PASSWORD_POLICY}
          person={{ email: '', firstName: '', lastName: '' }}
        />
        <PasswordInput
          label="Repeat the password"
          autoComplete="new-password"
          value={repeat}
          onChange={(e) => setRepeat(e.currentTarget.value)}
          error={repeat && repeat !== password ? 'The passwords differ' : undefined}
        />
        <Button type="submit" loading={pending} disabled={!password || password !== repeat}>
          {submitLabel}
        </Button>
      </Stack>
    </form>
  );
}
