import { Anchor, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { api, ApiError } from '../../lib/api';

/** For a client who lost the phone with their authenticator: the practice turns it off. */
export function ResetPortalTwoStep({ clientId }: { clientId: string }) {
  const reset = useMutation({ mutationFn: () => api.resetClientPortalTotp(clientId) });
  if (reset.isSuccess)
    return (
      <Text size="xs" role="status">
        Portal two-step sign-in is off; the client signs in with the password.
      </Text>
    );
  if (reset.error)
    return (
      <Text size="xs" role="status" c="dimmed">
        {reset.error instanceof ApiError && reset.error.status === 404
          ? 'This client has no portal authenticator on.'
          : reset.error.message}
      </Text>
    );
  return (
    <Anchor
      component="button"
      type="button"
      size="xs"
      onClick={() => {
        if (window.confirm("Turn off this client's portal two-step sign-in (e.g. a lost phone)?"))
          reset.mutate();
      }}
    >
      Reset portal two-step sign-in
    </Anchor>
  );
}
