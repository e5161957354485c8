import { Alert, Button, Group, PasswordInput, Stack, Title } from '@mantine/core';
import { evaluatePassword, type Session } from '@mentalspace/contracts';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { LoadError, Loading } from '../../components/query-state';
import { api, ApiError } from '../../lib/api';
import { PasswordMeter } from './password-meter';

export function ChangePasswordForm({ user }: { user: Session['user'] }) {
  const policy = useQuery({ queryKey: ['password-policy'], queryFn: api.passwordPolicy });
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const change = useMutation({
    mutationFn: () => api.changePassword(current, next),
    onSuccess: () => {
      setCurrent('');
      setNext('');
      setConfirm('');
    },
  });
  if (policy.isPending) return <Loading label="Loading the password rules…" />;
  if (policy.isError) return <LoadError error={policy.error} onRetry={() => void policy.refetch()} />;
  const acceptable = evaluatePassword(next, policy.data, user).ok && next === confirm;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    change.mutate();
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md" maw={440}>
        <Title order={3}>Change password</Title>
        {change.isSuccess ? (
          <Alert color="teal" role="status">
            Password changed. Your other sessions were signed out.
          </Alert>
        ) : null}
        {change.error ? (
          <Alert color="red" role="alert" title="The password was not changed">
            {change.error instanceof ApiError && change.error.fieldErrors.length > 0
              ? change.error.fieldErrors.map((f) => f.message).join('. ')
              : change.error.message}
          </Alert>
        ) : null}
        <PasswordInput
          label="Current password"
          autoComplete="current-password"
          value={current}
          onChange={(e) => setCurrent(e.currentTarget.value)}
        />
        <PasswordInput
          label="New password"
          autoComplete="new-password"
          value={next}
          onChange={(e) => setNext(e.currentTarget.value)}
        />
        <PasswordMeter password={next} policy={policy.data} person={user} />
        <PasswordInput
          label="Repeat the new password"
          autoComplete="new-password"
          value={confirm}
          onChange={(e) => setConfirm(e.currentTarget.value)}
          error={confirm && confirm !== next ? 'The passwords differ' : undefined}
        />
        <Group>
          <Button type="submit" loading={change.isPending} disabled={!current || !acceptable}>
            Change password
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
