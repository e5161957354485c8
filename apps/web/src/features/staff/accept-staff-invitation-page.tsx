import { Alert, Button, Center, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { DEFAULT_PASSWORD_POLICY } from '@mentalspace/contracts';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { api, ApiError } from '../../lib/api';
import { PasswordMeter } from '../account/password-meter';

/** The invitation link's token rides in the URL fragment, which never reaches a server log. */
function tokenFromLocation(): string {
  return new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '';
}

/** A new staff member sets their password, then signs in (and enrols a second factor). */
export function AcceptStaffInvitationPage() {
  const navigate = useNavigate();
  const [token] = useState(tokenFromLocation);
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const accept = useMutation({
    mutationFn: () => api.acceptStaffInvitation(token, password),
    onSuccess: ({ email }) => {
      window.history.replaceState(null, '', '/staff/accept');
      void navigate(`/sign-in?reason=welcome&email=${encodeURIComponent(email)}`, { replace: true });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    accept.mutate();
  };
  return (
    <Center mih="100vh" bg="gray.0" p="md">
      <Paper withBorder shadow="sm" p="xl" w={460} maw="100%">
        <Stack gap="lg">
          <Stack gap={4}>
            <Title order={2} c="teal.8">
              MentalSpace
            </Title>
            <Text c="dimmed" size="sm">
              Set up your staff account
            </Text>
          </Stack>
          {!token ? (
            <Alert color="orange" role="alert">
              This link is incomplete. Open the full link from your invitation, or ask your practice
              administrator for a new one.
            </Alert>
          ) : (
            <form onSubmit={submit} noValidate>
              <Stack gap="md">
                <Text size="sm">
                  Choose a password. Next you sign in with it and set up two-step sign-in with an
                  authenticator app.
                </Text>
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
                <Button type="submit" loading={accept.isPending} disabled={!password || password !== repeat}>
                  Set my password
                </Button>
              </Stack>
            </form>
          )}
        </Stack>
      </Paper>
    </Center>
  );
}
