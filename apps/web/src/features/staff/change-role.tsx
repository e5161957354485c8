import { Alert, Button, Group, Modal, Select, Stack, Text } from '@mantine/core';
import type { StaffAccess, StaffRole } from '@mentalspace/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../lib/api';
import { grantableRoles, ROLE_LABELS } from '../../lib/roles';

/** Changing a role ends the member's sessions: say so before, confirm, and report after. */
export function ChangeRoleDialog({
  member,
  actorRole,
  onClose,
  onChanged,
}: {
  member: StaffAccess;
  actorRole: StaffRole;
  onClose: () => void;
  onChanged: (message: string) => void;
}) {
  const [role, setRole] = useState<StaffRole>(member.role as StaffRole);
  const queryClient = useQueryClient();
  const change = useMutation({
    mutationFn: () => api.changeStaffRole(member.id, role),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['staff-access'] });
      onChanged(`${member.firstName} ${member.lastName} is now ${ROLE_LABELS[role].toLowerCase()}`);
    },
  });
  return (
    <Modal
      opened
      onClose={onClose}
      title={`Change the role of ${member.firstName} ${member.lastName}`}
      centered
    >
      <Stack gap="sm">
        {change.error ? (
          <Alert color="red" role="alert">
            {change.error.message}
          </Alert>
        ) : null}
        <Select
          label="Role"
          allowDeselect={false}
          data={grantableRoles(actorRole).map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
          value={role}
          onChange={(value) => value && setRole(value)}
          data-autofocus
        />
        <Text size="sm" c="dimmed">
          What they can reach changes at once: their open sessions end and they sign in again.
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={() => change.mutate()} loading={change.isPending} disabled={role === member.role}>
            Change role
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
