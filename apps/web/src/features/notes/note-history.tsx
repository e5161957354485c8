import { Button, Paper, Stack, Text, Textarea, Timeline, Title } from '@mantine/core';
import type { NoteDetail } from '@mentalspace/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../../lib/api';

const EVENT_LABELS = { signed: 'Signed', cosigned: 'Co-signed', returned: 'Returned for changes' } as const;

const when = (iso: string) =>
  new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));

/** Addenda (and a form to add one) and the signed versions, oldest first. */
export function NoteHistory({ note }: { note: NoteDetail }) {
  const queryClient = useQueryClient();
  const [body, setBody] = useState('');
  const add = useMutation({
    mutationFn: () => api.addAddendum(note.id, body),
    onSuccess: (saved) => {
      queryClient.setQueryData(['note', note.id], saved);
      setBody('');
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate();
  };
  return (
    <Stack gap="md">
      {note.status !== 'draft' ? (
        <Paper withBorder p="md">
          <Title order={4} mb="xs">
            Addenda
          </Title>
          {note.addenda.length === 0 ? (
            <Text size="sm" c="dimmed">
              No addenda. A signed note is never edited; corrections and late entries go here.
            </Text>
          ) : (
            <Stack gap="sm">
              {note.addenda.map((a) => (
                <Paper key={a.id} withBorder p="sm" bg="gray.0">
                  <Text size="xs" c="dimmed">
                    {a.authorName} · {when(a.createdAt)}
                  </Text>
                  <Text style={{ whiteSpace: 'pre-wrap' }}>
                    {a.body || 'Content is not shown to your role.'}
                  </Text>
                </Paper>
              ))}
            </Stack>
          )}
          {note.can.addendum ? (
            <form onSubmit={submit}>
              <Stack gap="xs" mt="sm">
                <Textarea
                  label="New addendum"
                  autosize
                  minRows={2}
                  value={body}
                  onChange={(e) => setBody(e.currentTarget.value)}
                  error={add.error?.message}
                />
                <Button
                  type="submit"
                  variant="default"
                  disabled={!body.trim()}
                  loading={add.isPending}
                  w="fit-content"
                >
                  Add addendum
                </Button>
              </Stack>
            </form>
          ) : null}
        </Paper>
      ) : null}
      {note.revisions.length > 0 ? (
        <Paper withBorder p="md">
          <Title order={4} mb="sm">
            Signatures and versions
          </Title>
          <Timeline bulletSize={14} lineWidth={2} active={note.revisions.length}>
            {note.revisions.map((r) => (
              <Timeline.Item key={r.id} title={`${EVENT_LABELS[r.event]} by ${r.byName}`}>
                <Text size="xs" c="dimmed">
                  {when(r.createdAt)} · SHA-256 {r.contentHash.slice(0, 16)}…
                </Text>
                {r.comment ? <Text size="sm">“{r.comment}”</Text> : null}
              </Timeline.Item>
            ))}
          </Timeline>
        </Paper>
      ) : null}
    </Stack>
  );
}
