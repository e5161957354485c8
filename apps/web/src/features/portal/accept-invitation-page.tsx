import { Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../../lib/api';
import { tokenFromLocation } from '../../lib/invitation-token';
import { NewPasswordForm } from '../account/new-password-form';
import { PortalFrame } from './portal-frame';

export function AcceptInvitationPage() {
  const navigate = useNavigate();
  const [token] = useState(tokenFromLocation);
  const accept = useMutation({
    mutationFn: (password: string) => api.acceptInvitation(token, password),
    onSuccess: () => {
      window.history.replaceState(null, '', '/portal/accept');
      void navigate('/portal', { replace: true });
    },
  });
  if (!token) {
    return (
      <PortalFrame title="Invitation link incomplete">
        <Text>Open the full link from your invitation, or ask your practice to send a new one.</Text>
      </PortalFrame>
    );
  }
  return (
    <PortalFrame title="Set up your portal account">
      <NewPasswordForm
        intro="Choose a password. You will use it with your e-mail address to sign in."
        submitLabel="Create my account"
        pending={accept.isPending}
        error={accept.error}
        onSubmit={(password) => accept.mutate(password)}
      />
    </PortalFrame>
  );
}
