import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import type { SignInResult } from '@mentalspace/contracts';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../../lib/api';

export function PasswordStep({
  onResult,
  initialEmail = '',
}: {
  onResult: (result: SignInResult) => void;
  initialEmail?: string;
}) {
  const [email, setEmail] = useState(initialEmail);
  const [password, setPassword] = useState('');
  const signIn = useMutation({
    mutationFn: () => api.signIn(email, password),
    onSuccess: (result) => onResult(result),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    signIn.mutate();
  };
  const message =
    signIn.error instanceof ApiError && signIn.error.code === 'rate_limited'
      ? signIn.error.message
      : signIn.error
        ? 'The e-mail or password is not right. After several attempts the account locks for a few minutes.'
        : null;
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {message ? (
          <Alert color="red" role="alert">
            {message}
          </Alert>
        ) : null}
        <TextInput
          label="E-mail"
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={(e) => setEmail(e.currentTarget.value)}
          autoFocus
        />
        <PasswordInput
          label="Password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
        />
        <Button type="submit" loading={signIn.isPending} disabled={!email || !password}>
          Continue
        </Button>
      </Stack>
    </form>
  );
}
