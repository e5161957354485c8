import { Alert, Button, Group, Modal, ScrollArea, Select, Stack, Text, TextInput } from '@mantine/core';
import { CONSENT_DOCUMENTS, type ConsentDocumentId, type SignConsentBody } from '@mentalspace/contracts';
import { useState, type FormEvent } from 'react';
import { ApiError } from '../../lib/api';

/**
 * Shows a consent document's full text and takes a typed-name signature. Used by the client in the
 * portal and by staff witnessing a signature in the office.
 */
export function SignConsentDialog({
  documentId,
  onClose,
  onSign,
  pending,
  error,
  witnessed,
}: {
  documentId: ConsentDocumentId;
  onClose: () => void;
  onSign: (body: SignConsentBody) => void;
  pending: boolean;
  error: Error | null;
  /** Staff recording a signature given in person may record a guardian signing. */
  witnessed: boolean;
}) {
  const doc = CONSENT_DOCUMENTS[documentId];
  const [signerName, setSignerName] = useState('');
  const [signerRelationship, setRelationship] = useState<'self' | 'guardian'>('self');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSign({ documentId, documentVersion: doc.version, signerName, signerRelationship });
  };
  const nameError =
    error instanceof ApiError
      ? error.fieldErrors.find((f) => f.field === 'body.signerName')?.message
      : undefined;
  return (
    <Modal opened onClose={onClose} title={doc.title} size="lg">
      <form onSubmit={submit}>
        <Stack gap="sm">
          <ScrollArea.Autosize mah={320} type="auto">
            {doc.text.split('\n\n').map((paragraph) => (
              <Text key={paragraph} size="sm" mb="xs">
                {paragraph}
              </Text>
            ))}
          </ScrollArea.Autosize>
          <Text size="xs" c="dimmed">
            Version {doc.version}. Typing a full name below signs this document electronically.
          </Text>
          {error && !nameError ? (
            <Alert color="red" role="alert">
              {error.message}
            </Alert>
          ) : null}
          <Group align="flex-end">
            <TextInput
              style={{ flex: 1 }}
              label="Full name (signature)"
              value={signerName}
              onChange={(e) => setSignerName(e.currentTarget.value)}
              error={nameError}
              data-autofocus
            />
            {witnessed ? (
              <Select
                w={160}
                label="Signed by"
                data={[
                  { value: 'self', label: 'The client' },
                  { value: 'guardian', label: 'A guardian' },
                ]}
                value={signerRelationship}
                allowDeselect={false}
                onChange={(v) => setRelationship(v === 'guardian' ? 'guardian' : 'self')}
              />
            ) : null}
          </Group>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={pending} disabled={signerName.trim().length < 2}>
              Sign
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
