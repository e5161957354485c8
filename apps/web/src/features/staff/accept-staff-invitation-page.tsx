import { Alert, Center, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../../lib/api';
import { tokenFromLocation } from '../../lib/invitation-token';
import { NewPasswordForm } from '../account/new-password-form';

/** A new staff member sets their password, then signs in (and enrols a second factor). */
export function AcceptStaffInvitationPage() {
  const navigate = useNavigate();
  const [token] = useState(tokenFromLocation);
  const accept = useMutation({
    mutationFn: (password: string) => api.acceptStaffInvitation(token, password),
    onSuccess: ({ email }) => {
      window.history.replaceState(null, '', '/staff/accept');
      void navigate(`/sign-in?reason=welcome&email=${encodeURIComponent(email)}`, { replace: true });
    },
  });
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
            <NewPasswordForm
              intro="Choose a password. Next you sign in with it and set up two-step sign-in with an authenticator app."
              submitLabel="Set my password"
              pending={accept.isPending}
              error={accept.error}
              onSubmit={(password) => accept.mutate(password)}
            />
          )}
        </Stack>
      </Paper>
    </Center>
  );
}
