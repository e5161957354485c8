import { Alert, Button, Group, Paper, Stack, Text, Textarea } from '@mantine/core';
import { SECURE_MESSAGE_MAX_LENGTH, type SecureMessage } from '@mentalspace/contracts';
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { Empty } from '../../components/query-state';
import { ApiError } from '../../lib/api';

const when = (iso: string) =>
  new Date(iso).toLocaleString('en-US', {
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  });

/**
 * A thread, oldest first, and a box to write in. Shared by the staff app and the portal; `me` is
 * the side reading it ('client' in the portal, 'staff' in the app).
 */
export function MessageThread({
  messages,
  me,
  otherLabel,
  onSend,
  sending,
  sendError,
}: {
  messages: SecureMessage[];
  me: 'client' | 'staff';
  otherLabel: string;
  onSend: (body: string, done: () => void) => void;
  sending: boolean;
  sendError: unknown;
}) {
  const [draft, setDraft] = useState('');
  const end = useRef<HTMLDivElement>(null);
  useEffect(() => {
    end.current?.scrollIntoView?.({ block: 'nearest' });
  }, [messages.length]);
  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (!draft.trim() || sending) return;
    onSend(draft, () => setDraft(''));
  };
  // Ctrl/Cmd+Enter sends; Enter alone starts a new line.
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) submit();
  };
  const fieldError =
    sendError instanceof ApiError
      ? (sendError.fieldErrors.find((f) => f.field === 'body.body')?.message ?? sendError.message)
      : sendError
        ? 'The message could not be sent.'
        : null;
  return (
    <Stack gap="sm">
      {messages.length === 0 ? (
        <Empty>No messages yet.</Empty>
      ) : (
        <Stack
          gap="xs"
          role="log"
          aria-label="Messages"
          aria-live="polite"
          mah={480}
          style={{ overflowY: 'auto' }}
        >
          {messages.map((m) => {
            const mine = m.senderKind === me;
            return (
              <Paper
                key={m.id}
                withBorder
                p="sm"
                bg={mine ? 'blue.0' : 'white'}
                ml={mine ? 'xl' : 0}
                mr={mine ? 0 : 'xl'}
              >
                <Group justify="space-between" gap="xs">
                  <Text size="xs" fw={600}>
                    {mine ? 'You' : (m.senderName ?? otherLabel)}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {when(m.createdAt)}
                    {mine && m.readAt ? ' · Read' : ''}
                  </Text>
                </Group>
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  {m.body}
                </Text>
              </Paper>
            );
          })}
          <div ref={end} />
        </Stack>
      )}
      <form onSubmit={submit}>
        <Stack gap="xs">
          <Textarea
            label="Message"
            description="Ctrl+Enter sends"
            autosize
            minRows={2}
            maxRows={8}
            maxLength={SECURE_MESSAGE_MAX_LENGTH}
            value={draft}
            onChange={(e) => setDraft(e.currentTarget.value)}
            onKeyDown={onKeyDown}
            error={fieldError}
          />
          <Group justify="flex-end">
            <Button type="submit" loading={sending} disabled={!draft.trim()}>
              Send
            </Button>
          </Group>
        </Stack>
      </form>
      {me === 'client' ? (
        <Alert variant="light" color="gray">
          Messages are not watched around the clock. In an emergency, call 988 or 911.
        </Alert>
      ) : null}
    </Stack>
  );
}
