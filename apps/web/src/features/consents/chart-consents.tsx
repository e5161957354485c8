import { Alert, Badge, Button, Paper, Stack, Table, Text, Title } from '@mantine/core';
import type { ConsentDocumentId, SignConsentBody } from '@mentalspace/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { LoadError, Loading } from '../../components/query-state';
import { api } from '../../lib/api';
import { SignConsentDialog } from './sign-consent-dialog';

/** The chart's consents: each document signed (when, by whom, how) or outstanding. */
export function ChartConsents({ clientId, canRecord }: { clientId: string; canRecord: boolean }) {
  const queryClient = useQueryClient();
  const status = useQuery({ queryKey: ['consents', clientId], queryFn: () => api.consents(clientId) });
  const [signing, setSigning] = useState<ConsentDocumentId | null>(null);
  const saved = (data: Awaited<ReturnType<typeof api.consents>>) =>
    queryClient.setQueryData(['consents', clientId], data);
  const sign = useMutation({
    mutationFn: (body: SignConsentBody) => api.signConsent(clientId, body),
    onSuccess: (data) => {
      saved(data);
      setSigning(null);
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api.revokeConsent(clientId, id),
    onSuccess: saved,
  });
  return (
    <Paper withBorder p="lg">
      <Stack gap="sm">
        <Title order={3}>Consents</Title>
        {revoke.error ? (
          <Alert color="red" role="alert">
            {revoke.error.message}
          </Alert>
        ) : null}
        {status.isPending ? (
          <Loading label="Loading consents…" />
        ) : status.isError ? (
          <LoadError error={status.error} onRetry={() => void status.refetch()} />
        ) : (
          <Table aria-label="Consents">
            <Table.Tbody>
              {status.data.documents.map((d) => (
                <Table.Tr key={d.documentId}>
                  <Table.Td>{d.title}</Table.Td>
                  <Table.Td>
                    {d.signed ? (
                      <Badge color="teal" variant="light">
                        Signed
                      </Badge>
                    ) : (
                      <Badge color="orange" variant="light">
                        Outstanding
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {d.signed ? (
                      <Text size="sm">
                        {d.signed.signerName}
                        {d.signed.signerRelationship === 'guardian' ? ' (guardian)' : ''} ·{' '}
                        {new Date(d.signed.signedAt).toLocaleDateString()} ·{' '}
                        {d.signed.method === 'portal' ? 'portal' : 'in office'}
                      </Text>
                    ) : null}
                  </Table.Td>
                  {canRecord ? (
                    <Table.Td>
                      {d.signed ? (
                        <Button
                          size="xs"
                          variant="subtle"
                          color="red"
                          onClick={() => revoke.mutate(d.signed!.id)}
                        >
                          Record revocation
                        </Button>
                      ) : (
                        <Button
                          size="xs"
                          variant="subtle"
                          onClick={() => {
                            sign.reset();
                            setSigning(d.documentId);
                          }}
                        >
                          Sign in office
                        </Button>
                      )}
                    </Table.Td>
                  ) : null}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
      {signing ? (
        <SignConsentDialog
          documentId={signing}
          onClose={() => setSigning(null)}
          onSign={(body) => sign.mutate(body)}
          pending={sign.isPending}
          error={sign.error}
          witnessed
        />
      ) : null}
    </Paper>
  );
}
