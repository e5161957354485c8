import { Button, CopyButton, Group, Stack, Text, TextInput } from '@mantine/core';

/** The single-use link, shown once: staff hand it over until e-mail delivery exists. */
export function InvitationLink({ invitePath, name }: { invitePath: string; name: string }) {
  const link = `${window.location.origin}${invitePath}`;
  return (
    <Stack gap="sm">
      <Text size="sm">
        Send this link to {name}. It works once and expires in 72 hours; it is not shown again.
      </Text>
      <TextInput label="Invitation link" value={link} readOnly onFocus={(e) => e.currentTarget.select()} />
      <Group justify="flex-end">
        <CopyButton value={link}>
          {({ copied, copy }) => <Button onClick={copy}>{copied ? 'Copied' : 'Copy link'}</Button>}
        </CopyButton>
      </Group>
    </Stack>
  );
}
