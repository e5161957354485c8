import { Badge, Group, Stack, Text } from '@mantine/core';
import type { SecureMessageThread } from '@mentalspace/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { usePageVisible } from './use-page-visible';
import { LoadError, Loading } from '../../components/query-state';
import { messageKeys, messagesApi } from './messages-api';
import { MessageThread } from './message-thread';

/** The portal has no live connection: the thread is polled while the page is open. */
const POLL_MS = 30_000;

/** The client's secure messages with their care team, on the portal home page. */
export function PortalMessages() {
  const queryClient = useQueryClient();
  const thread = useQuery({
    queryKey: messageKeys.portal,
    queryFn: messagesApi.portalThread,
    refetchInterval: POLL_MS,
  });
  const send = useMutation({
    mutationFn: messagesApi.portalSend,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: messageKeys.portal }),
  });
  const markRead = useMutation({
    mutationFn: messagesApi.portalMarkRead,
    onSuccess: () =>
      queryClient.setQueryData<SecureMessageThread>(
        messageKeys.portal,
        (old) => old && { ...old, unread: 0 },
      ),
  });
  const unread = thread.data?.unread ?? 0;
  const { mutate: markThreadRead, isPending: marking, isError: markFailed } = markRead;
  const visible = usePageVisible();
  // Shown on the page means read.
  useEffect(() => {
    // Read means seen: only while the page is on screen, and no retry loop after a failure.
    if (unread > 0 && visible && !marking && !markFailed) markThreadRead();
  }, [unread, visible, marking, markFailed, markThreadRead]);
  return (
    <Stack gap="xs">
      <Group gap="xs">
        <Text fw={600} component="h2" size="md" m={0}>
          Messages with your care team
        </Text>
        {unread > 0 ? <Badge aria-label={`${unread} new`}>{unread} new</Badge> : null}
      </Group>
      {thread.isPending ? (
        <Loading label="Loading your messages…" />
      ) : thread.isError ? (
        <LoadError error={thread.error} onRetry={() => void thread.refetch()} />
      ) : (
        <MessageThread
          messages={thread.data.items}
          me="client"
          otherLabel="Your care team"
          onSend={(body, done) => send.mutate(body, { onSuccess: done })}
          sending={send.isPending}
          sendError={send.error}
        />
      )}
    </Stack>
  );
}
