import { Button, Group, Skeleton, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { IdleWarning } from '../../features/auth/idle-warning';
import { useSession } from '../../features/session/use-session';
import { api } from '../../lib/api';

export function Header() {
  const session = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const signOut = async () => {
    await api.signOut().catch(() => null);
    queryClient.clear();
    await navigate('/sign-in', { replace: true });
  };
  return (
    <Group h="100%" px="md" justify="space-between" wrap="nowrap">
      <Group gap="sm" wrap="nowrap">
        <Title order={3} c="teal.8">
          MentalSpace
        </Title>
        {session.isPending ? (
          <Skeleton h={16} w={180} />
        ) : (
          <Text c="dimmed" size="sm" truncate>
            {session.data?.practice.name}
          </Text>
        )}
      </Group>
      {session.data ? (
        <Group gap="sm" wrap="nowrap">
          <Text size="sm" aria-label="Signed in as">
            {session.data.user.firstName} {session.data.user.lastName}
          </Text>
          <Button variant="default" size="sm" onClick={() => void signOut()}>
            Sign out
          </Button>
          <IdleWarning idleTimeoutSeconds={session.data.idleTimeoutSeconds} />
        </Group>
      ) : null}
    </Group>
  );
}
