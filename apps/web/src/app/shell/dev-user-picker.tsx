import { Badge, Group, Select } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api';
import { setDevUserId } from '../../lib/dev-user';

const ROLE_LABELS: Record<string, string> = {
  owner: 'Owner',
  admin: 'Admin',
  clinician: 'Clinician',
  supervisor: 'Supervisor',
  front_desk: 'Front desk',
  biller: 'Biller',
};

/** DEVELOPMENT ONLY: choose whom to act as until sign-in exists. Hidden in production. */
export function DevUserPicker({ current }: { current: string }) {
  const queryClient = useQueryClient();
  const users = useQuery({ queryKey: ['dev-users'], queryFn: api.devUsers });
  return (
    <Group gap="xs" wrap="nowrap">
      <Badge color="orange" variant="light" title="Development-only: sign-in is not enabled yet">
        Demo
      </Badge>
      <Select
        aria-label="Viewing as"
        placeholder="Viewing as"
        w={280}
        size="sm"
        value={current}
        disabled={users.isPending}
        data={(users.data?.items ?? []).map((u) => ({
          value: u.id,
          label: `${u.firstName} ${u.lastName} · ${ROLE_LABELS[u.role] ?? u.role}`,
        }))}
        onChange={(id) => {
          setDevUserId(id);
          void queryClient.invalidateQueries();
        }}
        allowDeselect={false}
      />
    </Group>
  );
}
