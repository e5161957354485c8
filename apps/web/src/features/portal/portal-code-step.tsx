import { Alert, Anchor, Button, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { api, ApiError } from '../../lib/api';
import { PortalFrame } from './portal-frame';

/** The second step for a client who turned on two-step sign-in. */
export function PortalCodeStep({ onBack }: { onBack: () => void }) {
  const navigate = useNavigate();
  const [code, setCode] = useState('');
  const verify = useMutation({
    mutationFn: () => api.portalVerifyTotp(code),
    onSuccess: () => void navigate('/portal', { replace: true }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    verify.mutate();
  };
  return (
    <PortalFrame title="Enter your code">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text size="sm">Open your authenticator app and enter the 6-digit code for MentalSpace.</Text>
          {verify.error ? (
            <Alert color="red" role="alert">
              {verify.error instanceof ApiError && verify.error.code === 'unauthenticated'
                ? 'That took too long. Start again with your e-mail and password.'
                : 'That code did not work. Enter the current code from the app.'}
            </Alert>
          ) : null}
          <TextInput
            label="Authentication code"
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            value={code}
            onChange={(e) => setCode(e.currentTarget.value.trim())}
            autoFocus
          />
          <Button type="submit" loading={verify.isPending} disabled={code.length !== 6}>
            Sign in
          </Button>
          <Text size="xs" c="dimmed">
            Lost your phone? Call your practice: they can turn two-step sign-in off for you.
          </Text>
          <Anchor component="button" type="button" size="sm" onClick={onBack}>
            Start over
          </Anchor>
        </Stack>
      </form>
    </PortalFrame>
  );
}
