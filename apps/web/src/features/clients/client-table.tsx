import { Anchor, Badge, Table, Text } from '@mantine/core';
import type { ClientSummary } from '@mentalspace/contracts';
import { Link } from 'react-router';
import { ageFrom, displayName } from '../../lib/format';

export function ClientTable({ clients }: { clients: ClientSummary[] }) {
  return (
    <Table striped highlightOnHover verticalSpacing="sm" aria-label="Clients">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Name</Table.Th>
          <Table.Th>Pronouns</Table.Th>
          <Table.Th>Date of birth</Table.Th>
          <Table.Th>Status</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {clients.map((client) => (
          <Table.Tr key={client.id}>
            <Table.Td>
              <Anchor component={Link} to={`/clients/${client.id}`} fw={500}>
                {displayName(client)}
              </Anchor>
              {client.preferredName ? (
                <Text size="xs" c="dimmed">
                  Legal: {client.legalFirstName} {client.legalLastName}
                </Text>
              ) : null}
            </Table.Td>
            <Table.Td>{client.pronouns ?? '—'}</Table.Td>
            <Table.Td>
              {client.dateOfBirth}{' '}
              <Text span size="xs" c="dimmed">
                ({ageFrom(client.dateOfBirth)})
              </Text>
            </Table.Td>
            <Table.Td>
              <Badge color={client.status === 'active' ? 'teal' : 'gray'} variant="light">
                {client.status === 'active' ? 'Active' : 'Discharged'}
              </Badge>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
