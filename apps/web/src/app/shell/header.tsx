import { Group, Skeleton, Text, Title } from '@mantine/core';
import { useSession } from '../../features/session/use-session';
import { DevUserPicker } from './dev-user-picker';

export function Header() {
  const session = useSession();
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
      {session.data?.developmentGuard ? <DevUserPicker current={session.data.user.id} /> : null}
    </Group>
  );
}
