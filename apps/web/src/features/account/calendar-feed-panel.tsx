import {
  Alert,
  Button,
  Code,
  CopyButton,
  Group,
  Paper,
  SegmentedControl,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { CalendarFeedStatusSchema } from '@mentalspace/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { z } from 'zod';
import { LoadError, Loading } from '../../components/query-state';
import { ApiError, post, request } from '../../lib/api';

/**
 * A clinician's private calendar feed for Google, Apple or Outlook: busy blocks only, or the
 * session type and place (never client names). The address is shown once; a new one replaces it.
 */
export function CalendarFeedPanel() {
  const queryClient = useQueryClient();
  const status = useQuery({
    queryKey: ['calendar-feed'],
    queryFn: () => request(CalendarFeedStatusSchema, '/calendar-feed'),
  });
  const [detail, setDetail] = useState<'busy' | 'details'>('busy');
  const create = useMutation({
    mutationFn: () =>
      post(z.object({ url: z.string(), detail: z.enum(['busy', 'details']) }), '/calendar-feed', { detail }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['calendar-feed'] }),
  });
  const revoke = useMutation({
    mutationFn: () => post(z.null(), '/calendar-feed/revoke'),
    onSuccess: () => {
      create.reset();
      return queryClient.invalidateQueries({ queryKey: ['calendar-feed'] });
    },
  });
  const error = [create.error, revoke.error].find((e): e is ApiError => e instanceof ApiError);

  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Title order={3}>Calendar feed</Title>
        <Text size="sm" c="dimmed">
          Subscribe to your schedule from Google, Apple or Outlook calendar. The feed never shows client
          names.
        </Text>
        {status.isPending ? (
          <Loading label="Loading…" />
        ) : status.isError ? (
          <LoadError error={status.error} onRetry={() => void status.refetch()} />
        ) : (
          <>
            <Text size="sm">
              {status.data.active
                ? `On (${status.data.detail === 'details' ? 'session type and place' : 'busy blocks only'}) since ${new Date(status.data.createdAt!).toLocaleDateString()}.`
                : 'Off.'}
            </Text>
            <Group align="flex-end">
              <SegmentedControl
                aria-label="What the feed shows"
                value={detail}
                onChange={(v) => setDetail(v === 'details' ? 'details' : 'busy')}
                data={[
                  { value: 'busy', label: 'Busy blocks only' },
                  { value: 'details', label: 'Type and place' },
                ]}
              />
              <Button onClick={() => create.mutate()} loading={create.isPending}>
                {status.data.active ? 'Replace the address' : 'Turn on'}
              </Button>
              {status.data.active ? (
                <Button
                  variant="light"
                  color="red"
                  onClick={() => revoke.mutate()}
                  loading={revoke.isPending}
                >
                  Turn off
                </Button>
              ) : null}
            </Group>
            {create.data ? (
              <Alert color="teal" title="Your private address (shown once)" role="status">
                <Stack gap="xs">
                  <Code block>{create.data.url}</Code>
                  <CopyButton value={create.data.url}>
                    {({ copied, copy }) => (
                      <Button size="xs" variant="light" onClick={copy}>
                        {copied ? 'Copied' : 'Copy address'}
                      </Button>
                    )}
                  </CopyButton>
                  <Text size="xs">
                    Anyone with this address sees your schedule’s times. Replace it if it leaks.
                  </Text>
                </Stack>
              </Alert>
            ) : null}
            {error ? (
              <Alert color="red" role="alert">
                {error.message}
              </Alert>
            ) : null}
          </>
        )}
      </Stack>
    </Paper>
  );
}
