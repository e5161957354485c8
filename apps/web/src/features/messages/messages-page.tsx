import { Anchor, Badge, Grid, NavLink, Paper, Stack, Text, Title } from '@mantine/core';
import type { SecureMessageThread } from '@mentalspace/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { usePageVisible } from './use-page-visible';
import { Link as RouterLink, NavLink as RouterNavLink, useParams } from 'react-router';
import { Empty, LoadError, Loading } from '../../components/query-state';
import { messageKeys, messagesApi } from './messages-api';
import { MessageThread } from './message-thread';

/** The staff inbox: threads of the clients whose care team the user is on, and the open thread. */
export function MessagesPage() {
  const { clientId } = useParams();
  const threads = useQuery({ queryKey: messageKeys.threads, queryFn: messagesApi.threads });
  return (
    <Stack>
      <Title order={2}>Messages</Title>
      <Grid>
        <Grid.Col span={{ base: 12, md: 4 }}>
          {threads.isPending ? (
            <Loading label="Loading messages…" />
          ) : threads.isError ? (
            <LoadError error={threads.error} onRetry={() => void threads.refetch()} />
          ) : threads.data.items.length === 0 ? (
            <Empty>No messages from your clients yet.</Empty>
          ) : (
            <nav aria-label="Message threads">
              {threads.data.items.map((t) => (
                <NavLink
                  key={t.clientId}
                  component={RouterNavLink}
                  to={`/messages/${t.clientId}`}
                  active={t.clientId === clientId}
                  label={t.clientName}
                  description={new Date(t.lastMessageAt).toLocaleString()}
                  rightSection={
                    t.unread > 0 ? (
                      <Badge size="sm" circle aria-label={`${t.unread} unread`}>
                        {t.unread}
                      </Badge>
                    ) : null
                  }
                />
              ))}
            </nav>
          )}
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          {clientId ? <ClientThread clientId={clientId} /> : <Empty>Choose a conversation.</Empty>}
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

/** One client's thread with the care team; opening it marks the client's messages read. */
export function ClientThread({ clientId }: { clientId: string }) {
  const queryClient = useQueryClient();
  const thread = useQuery({
    queryKey: messageKeys.thread(clientId),
    queryFn: () => messagesApi.thread(clientId),
  });
  const markRead = useMutation({
    mutationFn: () => messagesApi.markRead(clientId),
    onSuccess: () => {
      queryClient.setQueryData<SecureMessageThread>(
        messageKeys.thread(clientId),
        (old) => old && { ...old, unread: 0 },
      );
      void queryClient.invalidateQueries({ queryKey: messageKeys.threads });
    },
  });
  const reply = useMutation({
    mutationFn: (body: string) => messagesApi.reply(clientId, body),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['messages'] }),
  });
  const unread = thread.data?.unread ?? 0;
  const { mutate: markThreadRead, isPending: marking, isError: markFailed } = markRead;
  const visible = usePageVisible();
  useEffect(() => {
    // Read means seen: only while the page is on screen, and no retry loop after a failure.
    if (unread > 0 && visible && !marking && !markFailed) markThreadRead();
  }, [unread, visible, marking, markFailed, markThreadRead]);

  if (thread.isPending) return <Loading label="Loading the conversation…" />;
  if (thread.isError) return <LoadError error={thread.error} onRetry={() => void thread.refetch()} />;
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Text size="sm">
          <Anchor component={RouterLink} to={`/clients/${clientId}`}>
            Open the chart
          </Anchor>
        </Text>
        <MessageThread
          messages={thread.data.items}
          me="staff"
          otherLabel="Client"
          onSend={(body, done) => reply.mutate(body, { onSuccess: done })}
          sending={reply.isPending}
          sendError={reply.error}
        />
      </Stack>
    </Paper>
  );
}
