import { Alert, Button, PasswordInput, Stack, Text } from '@mantine/core';
import { DEFAULT_PASSWORD_POLICY } from '@mentalspace/contracts';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { api, ApiError } from '../../lib/api';
import { PasswordMeter } from '../account/password-meter';
import { PortalFrame } from './portal-frame';

/** The invitation link's token rides in the URL fragment, which never reaches a server log. */
function tokenFromLocation(): string {
  return new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '';
}

export function AcceptInvitationPage() {
  const navigate = useNavigate();
  const [token] = useState(tokenFromLocation);
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const accept = useMutation({
    mutationFn: () => api.acceptInvitation(token, password),
    onSuccess: () => {
      window.history.replaceState(null, '', '/portal/accept');
      void navigate('/portal', { replace: true });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    accept.mutate();
  };
  if (!token) {
    return (
      <PortalFrame title="Invitation link incomplete">
        <Text>Open the full link from your invitation, or ask your practice to send a new one.</Text>
      </PortalFrame>
    );
  }
  return (
    <PortalFrame title="Set up your portal account">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text size="sm">Choose a password. You will use it with your e-mail address to sign in.</Text>
          {accept.error ? (
            <Alert color="red" role="alert">
              {accept.error instanceof ApiError && accept.error.fieldErrors.length > 0
                ? accept.error.fieldErrors.map((f) => f.message).join('. ')
                : accept.error.message}
            </Alert>
          ) : null}
          <PasswordInput
            label="New password"
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
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
          <Button type="submit" loading={accept.isPending} disabled={!password || password !== repeat}>
            Create my account
          </Button>
        </Stack>
      </form>
    </PortalFrame>
  );
}
