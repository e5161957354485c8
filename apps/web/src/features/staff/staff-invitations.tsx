import { Alert, Badge, Button, Group, Modal, Paper, Stack, Table, Text, Title } from '@mantine/core';
import type { StaffInvitation } from '@mentalspace/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Empty, LoadError, Loading } from '../../components/query-state';
import { api } from '../../lib/api';
import { formatDate } from '../../lib/format';
import { ROLE_LABELS } from '../../lib/roles';
import { InvitationLink } from './invitation-link';

/** Invitations not yet accepted: a new link for a lost or expired one, or withdraw it. */
export function StaffInvitations({ timeZone }: { timeZone: string }) {
  const queryClient = useQueryClient();
  const invitations = useQuery({
    queryKey: ['staff-invitations'],
    queryFn: api.staffInvitations,
    staleTime: 0,
  });
  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: ['staff-invitations'] });
    await queryClient.invalidateQueries({ queryKey: ['staff-access'] });
  };
  const reissue = useMutation({
    mutationFn: (i: StaffInvitation) => api.reissueStaffInvitation(i.id),
    onSuccess: refresh,
  });
  const withdraw = useMutation({
    mutationFn: (i: StaffInvitation) => api.withdrawStaffInvitation(i.id),
    onSuccess: refresh,
  });
  // Expired as of when the list arrived (it refreshes after each action).
  const now = invitations.dataUpdatedAt;
  const error = reissue.error ?? withdraw.error;

  return (
    <Stack gap="xs">
      <Title order={3}>Open invitations</Title>
      {error ? (
        <Alert color="red" role="alert">
          {error.message}
        </Alert>
      ) : null}
      <Paper withBorder>
        {invitations.isPending ? (
          <Loading label="Loading invitations…" />
        ) : invitations.isError ? (
          <LoadError error={invitations.error} onRetry={() => void invitations.refetch()} />
        ) : invitations.data.items.length === 0 ? (
          <Empty>No open invitations. Invite a staff member to give them an account.</Empty>
        ) : (
          <Table verticalSpacing="sm" aria-label="Open invitations">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Role</Table.Th>
                <Table.Th>Invited</Table.Th>
                <Table.Th>Link</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {invitations.data.items.map((i) => {
                const name = `${i.firstName} ${i.lastName}`;
                return (
                  <Table.Tr key={i.id}>
                    <Table.Td>
                      <Text fw={500}>{name}</Text>
                      <Text size="xs" c="dimmed">
                        {i.email}
                      </Text>
                    </Table.Td>
                    <Table.Td>{ROLE_LABELS[i.role]}</Table.Td>
                    <Table.Td>
                      {formatDate(i.createdAt, timeZone)}
                      <Text size="xs" c="dimmed">
                        by {i.invitedBy}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {Date.parse(i.expiresAt) < now ? (
                        <Badge color="orange">Expired</Badge>
                      ) : (
                        <Text size="sm">Until {formatDate(i.expiresAt, timeZone)}</Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Group justify="flex-end" gap="xs" wrap="nowrap">
                        <Button
                          size="xs"
                          variant="default"
                          onClick={() => reissue.mutate(i)}
                          aria-label={`New link for ${name}`}
                        >
                          New link
                        </Button>
                        <Button
                          size="xs"
                          variant="subtle"
                          color="red"
                          aria-label={`Withdraw the invitation for ${name}`}
                          onClick={() => {
                            if (
                              window.confirm(
                                `Withdraw the invitation for ${name}? Their account is disabled.`,
                              )
                            )
                              withdraw.mutate(i);
                          }}
                        >
                          Withdraw
                        </Button>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
      <Modal
        opened={Boolean(reissue.data)}
        onClose={() => reissue.reset()}
        title="New invitation link"
        centered
      >
        {reissue.data ? (
          <InvitationLink
            invitePath={reissue.data.invitePath}
            name={`${reissue.data.invitation.firstName} ${reissue.data.invitation.lastName}`}
          />
        ) : null}
      </Modal>
    </Stack>
  );
}
