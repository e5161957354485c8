import { Alert, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import type { RiskFlag } from '@mentalspace/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../lib/api';

/**
 * Active risk flags, at the top of the chart for everyone who opens it; clinicians resolve them,
 * saying what they did.
 */
export function RiskFlags({ clientId, canResolve }: { clientId: string; canResolve: boolean }) {
  const flags = useQuery({ queryKey: ['risk-flags', clientId], queryFn: () => api.riskFlags(clientId) });
  const active = flags.data?.items.filter((f) => f.status === 'active') ?? [];
  const [resolving, setResolving] = useState<RiskFlag | null>(null);
  if (flags.isError) {
    return (
      <Alert color="red" role="alert">
        Risk flags could not be loaded: {flags.error.message}
      </Alert>
    );
  }
  if (active.length === 0) return null;
  return (
    <Stack gap="xs" data-testid="risk-flags">
      {active.map((flag) => (
        <Alert key={flag.id} color="red" variant="filled" role="alert" title={`Risk flag — ${flag.level}`}>
          <Group justify="space-between" align="center">
            <Text size="sm">
              {flag.reason} · raised {new Date(flag.raisedAt).toLocaleString()}
            </Text>
            {canResolve ? (
              <Button size="xs" variant="white" color="red" onClick={() => setResolving(flag)}>
                Resolve
              </Button>
            ) : null}
          </Group>
        </Alert>
      ))}
      {resolving ? (
        <ResolveDialog clientId={clientId} flag={resolving} onClose={() => setResolving(null)} />
      ) : null}
    </Stack>
  );
}

function ResolveDialog({
  clientId,
  flag,
  onClose,
}: {
  clientId: string;
  flag: RiskFlag;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const [resolution, setResolution] = useState('');
  const resolve = useMutation({
    mutationFn: () => api.resolveRiskFlag(clientId, flag.id, resolution),
    onSuccess: (data) => {
      queryClient.setQueryData(['risk-flags', clientId], data);
      onClose();
    },
  });
  return (
    <Modal opened onClose={onClose} title="Resolve risk flag">
      <Stack gap="sm">
        <Text size="sm">{flag.reason}</Text>
        <Textarea
          label="What was done"
          description="e.g. safety plan reviewed, no intent or plan, follow-up scheduled"
          autosize
          minRows={3}
          value={resolution}
          onChange={(e) => setResolution(e.currentTarget.value)}
          error={resolve.error?.message}
          data-autofocus
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            color="red"
            disabled={!resolution.trim()}
            loading={resolve.isPending}
            onClick={() => resolve.mutate()}
          >
            Resolve flag
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
