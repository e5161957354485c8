import {
  Anchor,
  Badge,
  Button,
  Group,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import {
  NOTE_TYPE_LABELS,
  NOTE_TYPES,
  TEMPLATES,
  TEMPLATES_FOR_TYPE,
  type NoteTemplateId,
  type NoteType,
} from '@mentalspace/contracts';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { Empty, LoadError, Loading } from '../../components/query-state';
import { api, ApiError } from '../../lib/api';
import { dayKey } from '../../lib/format';
import { STATUS_LABELS } from './note-page';

/** The chart's notes tab: every note newest first (metadata only), and a new note from a template. */
export function ChartNotes({
  clientId,
  canWrite,
  timeZone,
}: {
  clientId: string;
  canWrite: boolean;
  timeZone: string;
}) {
  const notes = useInfiniteQuery({
    queryKey: ['client-notes', clientId],
    queryFn: ({ pageParam }) => api.clientNotes(clientId, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = notes.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Stack gap="md">
      {canWrite ? <NewNote clientId={clientId} timeZone={timeZone} /> : null}
      <Paper withBorder p="lg">
        <Title order={3} mb="sm">
          Notes
        </Title>
        {notes.isPending ? (
          <Loading label="Loading notes…" />
        ) : notes.isError ? (
          <LoadError error={notes.error} onRetry={() => void notes.refetch()} />
        ) : items.length === 0 ? (
          <Empty>No notes yet.</Empty>
        ) : (
          <>
            <Table aria-label="Notes" highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Date of service</Table.Th>
                  <Table.Th>Note</Table.Th>
                  <Table.Th>Author</Table.Th>
                  <Table.Th>Status</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((n) => (
                  <Table.Tr key={n.id}>
                    <Table.Td>{n.serviceDate}</Table.Td>
                    <Table.Td>
                      <Anchor component={Link} to={`/notes/${n.id}`}>
                        {TEMPLATES[n.template].label}
                      </Anchor>
                      {n.addendaCount ? (
                        <Text span size="xs" c="dimmed">
                          {' '}
                          · {n.addendaCount} addend{n.addendaCount === 1 ? 'um' : 'a'}
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td>{n.authorName}</Table.Td>
                    <Table.Td>
                      <Badge color={STATUS_LABELS[n.status].color} variant="light">
                        {STATUS_LABELS[n.status].label}
                      </Badge>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            {notes.hasNextPage ? (
              <Button
                variant="default"
                mt="sm"
                onClick={() => void notes.fetchNextPage()}
                loading={notes.isFetchingNextPage}
              >
                Older notes
              </Button>
            ) : null}
          </>
        )}
      </Paper>
    </Stack>
  );
}

function NewNote({ clientId, timeZone }: { clientId: string; timeZone: string }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [type, setType] = useState<NoteType>('progress');
  const [template, setTemplate] = useState<NoteTemplateId>('soap');
  const [serviceDate, setServiceDate] = useState(dayKey(new Date(), timeZone));
  const create = useMutation({
    mutationFn: () => api.createNote(clientId, { type, template, serviceDate }),
    onSuccess: async (note) => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['notes-due'] }),
        queryClient.invalidateQueries({ queryKey: ['client-notes', clientId] }),
        queryClient.invalidateQueries({ queryKey: ['timeline', clientId] }),
      ]);
      await navigate(`/notes/${note.id}`);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  const fieldError = (field: string) =>
    create.error instanceof ApiError
      ? create.error.fieldErrors.find((f) => f.field === `body.${field}`)?.message
      : undefined;
  return (
    <Paper withBorder p="lg">
      <form onSubmit={submit} aria-label="New note">
        <Group align="flex-end" wrap="wrap">
          <Select
            label="Note type"
            data={NOTE_TYPES.map((t) => ({ value: t, label: NOTE_TYPE_LABELS[t] }))}
            value={type}
            allowDeselect={false}
            onChange={(v) => {
              const next = v ?? 'progress';
              setType(next);
              setTemplate(TEMPLATES_FOR_TYPE[next][0]!);
            }}
          />
          <Select
            label="Template"
            data={TEMPLATES_FOR_TYPE[type].map((t) => ({ value: t, label: TEMPLATES[t].label }))}
            value={template}
            allowDeselect={false}
            onChange={(v) => setTemplate((v ?? TEMPLATES_FOR_TYPE[type][0]) as NoteTemplateId)}
          />
          <TextInput
            label="Date of service"
            type="date"
            value={serviceDate}
            onChange={(e) => setServiceDate(e.currentTarget.value)}
            error={fieldError('serviceDate')}
          />
          <Button type="submit" loading={create.isPending}>
            Start note
          </Button>
        </Group>
        {create.error && !fieldError('serviceDate') ? (
          <Text c="red" size="sm" mt="xs" role="alert">
            {create.error.message}
          </Text>
        ) : null}
      </form>
    </Paper>
  );
}
