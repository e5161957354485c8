import { Badge, Button, Group, Stack, Text } from '@mantine/core';
import type { ConsentDocumentId } from '@mentalspace/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { LoadError, Loading } from '../../components/query-state';
import { api } from '../../lib/api';
import { SignConsentDialog } from '../consents/sign-consent-dialog';

/** The client's consent forms: read and sign what is outstanding. */
export function PortalConsents() {
  const queryClient = useQueryClient();
  const status = useQuery({ queryKey: ['portal-consents'], queryFn: api.portalConsents });
  const [signing, setSigning] = useState<ConsentDocumentId | null>(null);
  const sign = useMutation({
    mutationFn: api.portalSignConsent,
    onSuccess: (data) => {
      queryClient.setQueryData(['portal-consents'], data);
      setSigning(null);
    },
  });
  return (
    <Stack gap="xs">
      <Text fw={600}>Consent forms</Text>
      {status.isPending ? (
        <Loading label="Loading your forms…" />
      ) : status.isError ? (
        <LoadError error={status.error} onRetry={() => void status.refetch()} />
      ) : (
        status.data.documents.map((d) => (
          <Group key={d.documentId} justify="space-between">
            <Text size="sm">{d.title}</Text>
            {d.signed ? (
              <Badge color="teal" variant="light">
                Signed {new Date(d.signed.signedAt).toLocaleDateString()}
              </Badge>
            ) : (
              <Button
                size="xs"
                onClick={() => {
                  sign.reset();
                  setSigning(d.documentId);
                }}
              >
                Read and sign
              </Button>
            )}
          </Group>
        ))
      )}
      {signing ? (
        <SignConsentDialog
          documentId={signing}
          onClose={() => setSigning(null)}
          onSign={(body) => sign.mutate(body)}
          pending={sign.isPending}
          error={sign.error}
          witnessed={false}
        />
      ) : null}
    </Stack>
  );
}
