import { Alert, Button, Checkbox, Code, SimpleGrid, Stack, Text } from '@mantine/core';
import { useState } from 'react';

/** Shown once: the server keeps only their hashes. */
export function BackupCodesStep({ codes, onContinue }: { codes: string[]; onContinue: () => void }) {
  const [saved, setSaved] = useState(false);
  return (
    <Stack gap="md">
      <Alert color="yellow" title="Save your backup codes">
        Each code signs you in once if your phone is not at hand. This is the only time they are shown.
      </Alert>
      <SimpleGrid cols={2} spacing="xs" aria-label="Backup codes" role="list">
        {codes.map((code) => (
          <Code key={code} role="listitem" fz="md" ta="center">
            {code}
          </Code>
        ))}
      </SimpleGrid>
      <Text size="xs" c="dimmed">
        Print them or keep them in a password manager.
      </Text>
      <Checkbox
        label="I have saved my backup codes"
        checked={saved}
        onChange={(e) => setSaved(e.currentTarget.checked)}
      />
      <Button onClick={onContinue} disabled={!saved}>
        Continue to MentalSpace
      </Button>
    </Stack>
  );
}
