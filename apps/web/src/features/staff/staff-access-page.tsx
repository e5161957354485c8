import { Alert, Badge, Button, Group, Menu, Paper, Stack, Table, Text, Title } from '@mantine/core';
import type { StaffAccess, StaffRole } from '@mentalspace/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Empty, LoadError, Loading } from '../../components/query-state';
import { api, ApiError } from '../../lib/api';
import { formatDate } from '../../lib/format';
import { ROLE_LABELS } from '../../lib/roles';
import { useSession } from '../session/use-session';
import { ChangeRoleDialog } from './change-role';
import { InviteStaff } from './invite-staff';
import { StaffInvitations } from './staff-invitations';
import { StaffSessionsDialog } from './staff-sessions-dialog';
import { Supervisions } from './supervisions';

type Action = 'unlock' | 'reset-mfa' | 'revoke-sessions' | 'deactivate';

const ACTION_LABELS: Record<Action, string> = {
  unlock: 'Unlock',
  'reset-mfa': 'Reset two-step sign-in',
  'revoke-sessions': 'End all sessions',
  deactivate: 'Deactivate account',
};

/**
 * Owners and administrators: invite staff with a role, change roles, and see who can sign in, who
 * is locked out and who has a second factor.
 */
export function StaffAccessPage() {
  const session = useSession();
  const queryClient = useQueryClient();
  // Administration data is read fresh each time the screen opens.
  const staff = useQuery({ queryKey: ['staff-access'], queryFn: api.staffAccess, staleTime: 0 });
  const [done, setDone] = useState<string | null>(null);
  const [changing, setChanging] = useState<StaffAccess | null>(null);
  const [viewingSessions, setViewingSessions] = useState<StaffAccess | null>(null);
  const actorRole = session.data?.user.role ?? 'clinician';
  const manages = actorRole === 'owner' || actorRole === 'admin';
  const act = useMutation({
    mutationFn: ({ member, action }: { member: StaffAccess; action: Action }) =>
      api.staffAction(member.id, action),
    onSuccess: async (_, { member, action }) => {
      setDone(`${ACTION_LABELS[action]}: ${member.firstName} ${member.lastName}`);
      await queryClient.invalidateQueries({ queryKey: ['staff-access'] });
    },
  });
  const timeZone = session.data?.practice.timeZone ?? 'UTC';

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={2}>Staff access</Title>
        {manages ? <InviteStaff actorRole={actorRole} /> : null}
      </Group>
      {done ? (
        <Alert color="teal" role="status" withCloseButton onClose={() => setDone(null)}>
          Done — {done}
        </Alert>
      ) : null}
      {act.error ? (
        <Alert color="red" role="alert">
          {act.error.message}
        </Alert>
      ) : null}
      <Paper withBorder>
        {staff.isPending ? (
          <Loading label="Loading staff…" />
        ) : staff.isError ? (
          staff.error instanceof ApiError && staff.error.status === 403 ? (
            <Empty>Only owners and administrators manage staff access.</Empty>
          ) : (
            <LoadError error={staff.error} onRetry={() => void staff.refetch()} />
          )
        ) : staff.data.items.length === 0 ? (
          <Empty>No staff yet.</Empty>
        ) : (
          <Table verticalSpacing="sm" aria-label="Staff access">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Role</Table.Th>
                <Table.Th>Sign-in</Table.Th>
                <Table.Th>Two-step</Table.Th>
                <Table.Th>Last sign-in</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {staff.data.items.map((member) => (
                <Table.Tr key={member.id}>
                  <Table.Td>
                    <Text fw={500}>
                      {member.firstName} {member.lastName}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {member.email}
                    </Text>
                  </Table.Td>
                  <Table.Td>{ROLE_LABELS[member.role as StaffRole] ?? member.role}</Table.Td>
                  <Table.Td>
                    {member.status === 'disabled' ? (
                      <Badge color="gray">Deactivated</Badge>
                    ) : member.invited ? (
                      <Badge color="blue" variant="light">
                        Invited
                      </Badge>
                    ) : member.lockedUntil ? (
                      <Badge color="red">Locked</Badge>
                    ) : (
                      <Badge color="teal" variant="light">
                        Active
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>{member.mfaEnrolled ? 'Enrolled' : 'Not yet'}</Table.Td>
                  <Table.Td>
                    {member.lastSignInAt ? formatDate(member.lastSignInAt, timeZone) : 'Never'}
                  </Table.Td>
                  <Table.Td>
                    <Group justify="flex-end">
                      <Menu position="bottom-end" withinPortal>
                        <Menu.Target>
                          <Button
                            variant="default"
                            size="xs"
                            aria-label={`Actions for ${member.firstName} ${member.lastName}`}
                          >
                            Actions
                          </Button>
                        </Menu.Target>
                        <Menu.Dropdown>
                          <Menu.Item
                            disabled={
                              member.status === 'disabled' ||
                              member.id === session.data?.user.id ||
                              (actorRole !== 'owner' && member.role === 'owner')
                            }
                            onClick={() => setChanging(member)}
                          >
                            Change role…
                          </Menu.Item>
                          <Menu.Item onClick={() => setViewingSessions(member)}>View sessions…</Menu.Item>
                          {(Object.keys(ACTION_LABELS) as Action[]).map((action) => (
                            <Menu.Item
                              key={action}
                              color={action === 'deactivate' ? 'red' : undefined}
                              disabled={
                                member.status === 'disabled' ||
                                (action === 'unlock' && !member.lockedUntil) ||
                                (action === 'deactivate' && member.id === session.data?.user.id)
                              }
                              onClick={() => {
                                if (
                                  action !== 'deactivate' ||
                                  window.confirm(`Deactivate ${member.firstName} ${member.lastName}?`)
                                ) {
                                  act.mutate({ member, action });
                                }
                              }}
                            >
                              {ACTION_LABELS[action]}
                            </Menu.Item>
                          ))}
                        </Menu.Dropdown>
                      </Menu>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
      {manages && !staff.isError ? <StaffInvitations timeZone={timeZone} /> : null}
      {manages && staff.data ? <Supervisions staff={staff.data.items} timeZone={timeZone} /> : null}
      {viewingSessions ? (
        <StaffSessionsDialog
          member={viewingSessions}
          timeZone={timeZone}
          onClose={() => setViewingSessions(null)}
        />
      ) : null}
      {changing ? (
        <ChangeRoleDialog
          member={changing}
          actorRole={actorRole}
          onClose={() => setChanging(null)}
          onChanged={(message) => {
            setChanging(null);
            setDone(message);
          }}
        />
      ) : null}
    </Stack>
  );
}
