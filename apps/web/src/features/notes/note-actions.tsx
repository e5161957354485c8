import { Alert, Button, Group, List, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { NoteDetail } from '@mentalspace/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, ApiError } from '../../lib/api';

/**
 * Sign (with a confirmation that says what signing means), and for a supervisor co-sign or
 * return with comments. Buttons appear only when the API says the caller may use them.
 */
export function NoteActions({
  note,
  flush,
  blocked,
}: {
  note: NoteDetail;
  flush: () => Promise<number>;
  blocked: boolean;
}) {
  const queryClient = useQueryClient();
  const [confirming, confirm] = useDisclosure(false);
  const [returning, returnDialog] = useDisclosure(false);
  const [comment, setComment] = useState('');
  const saved = (detail: NoteDetail) => {
    queryClient.setQueryData(['note', note.id], detail);
    void queryClient.invalidateQueries({ queryKey: ['notes-due'] });
    void queryClient.invalidateQueries({ queryKey: ['client-notes', note.clientId] });
    void queryClient.invalidateQueries({ queryKey: ['timeline', note.clientId] });
  };
  const sign = useMutation({
    mutationFn: async () => api.signNote(note.id, await flush()),
    onSuccess: (detail) => {
      saved(detail);
      confirm.close();
    },
  });
  const cosign = useMutation({ mutationFn: () => api.cosignNote(note.id), onSuccess: saved });
  const giveBack = useMutation({
    mutationFn: () => api.returnNote(note.id, comment),
    onSuccess: (detail) => {
      saved(detail);
      returnDialog.close();
      setComment('');
    },
  });
  if (!note.can.sign && !note.can.cosign) return null;
  const missing = sign.error instanceof ApiError ? sign.error.fieldErrors : [];
  return (
    <>
      <Group>
        {note.can.sign ? (
          <Button onClick={confirm.open} disabled={blocked}>
            Sign note
          </Button>
        ) : null}
        {note.can.cosign ? (
          <>
            <Button onClick={() => cosign.mutate()} loading={cosign.isPending}>
              Co-sign
            </Button>
            <Button variant="default" onClick={returnDialog.open}>
              Return with comments
            </Button>
          </>
        ) : null}
      </Group>
      {cosign.error ? (
        <Alert color="red" role="alert">
          {cosign.error.message}
        </Alert>
      ) : null}
      <Modal opened={confirming} onClose={confirm.close} title="Sign this note?">
        <Stack gap="sm">
          <Text size="sm">
            Signing records your name, the time and a fingerprint of the content. After that the note cannot
            be edited: corrections are added as addenda.
          </Text>
          {sign.error ? (
            <Alert color="red" role="alert" title={sign.error.message}>
              {missing.length ? (
                <List size="sm">
                  {missing.map((f) => (
                    <List.Item key={f.field}>{f.message}</List.Item>
                  ))}
                </List>
              ) : null}
            </Alert>
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={confirm.close}>
              Keep editing
            </Button>
            <Button onClick={() => sign.mutate()} loading={sign.isPending} data-autofocus>
              Sign
            </Button>
          </Group>
        </Stack>
      </Modal>
      <Modal opened={returning} onClose={returnDialog.close} title="Return the note for changes">
        <Stack gap="sm">
          <Textarea
            label="Comments for the author"
            autosize
            minRows={3}
            value={comment}
            onChange={(e) => setComment(e.currentTarget.value)}
            error={giveBack.error?.message}
            data-autofocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={returnDialog.close}>
              Cancel
            </Button>
            <Button onClick={() => giveBack.mutate()} disabled={!comment.trim()} loading={giveBack.isPending}>
              Return note
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
