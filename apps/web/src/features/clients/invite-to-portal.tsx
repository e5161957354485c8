import { Alert, Button, CopyButton, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../../lib/api';

/** Creates a single-use portal link for the client; staff send it until e-mail delivery exists. */
export function InviteToPortal({ clientId, email }: { clientId: string; email: string | null }) {
  const [opened, { open, close }] = useDisclosure(false);
  const [address, setAddress] = useState(email ?? '');
  const invite = useMutation({ mutationFn: () => api.invitePortal(clientId, address) });
  const link = invite.data ? `${window.location.origin}${invite.data.invitePath}` : null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    invite.mutate();
  };
  return (
    <>
      <Button variant="light" onClick={open}>
        Invite to portal
      </Button>
      <Modal opened={opened} onClose={close} title="Invite to the client portal" centered>
        {link ? (
          <Stack gap="sm">
            <Text size="sm">Send this link to the client. It works once and expires in 72 hours.</Text>
            <TextInput
              label="Invitation link"
              value={link}
              readOnly
              onFocus={(e) => e.currentTarget.select()}
            />
            <Group justify="flex-end">
              <CopyButton value={link}>
                {({ copied, copy }) => <Button onClick={copy}>{copied ? 'Copied' : 'Copy link'}</Button>}
              </CopyButton>
            </Group>
          </Stack>
        ) : (
          <form onSubmit={submit} noValidate>
            <Stack gap="sm">
              {invite.error ? (
                <Alert color="red" role="alert">
                  {invite.error instanceof ApiError
                    ? invite.error.message
                    : 'The invitation was not created.'}
                </Alert>
              ) : null}
              <TextInput
                label="Client's e-mail"
                type="email"
                value={address}
                onChange={(e) => setAddress(e.currentTarget.value)}
              />
              <Group justify="flex-end">
                <Button type="submit" loading={invite.isPending} disabled={!address}>
                  Create invitation link
                </Button>
              </Group>
            </Stack>
          </form>
        )}
      </Modal>
    </>
  );
}
