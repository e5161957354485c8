import { Button, Center, Paper, Stack, Text, Title } from '@mantine/core';

export function ErrorFallback({
  title,
  message = 'Nothing you entered was lost on the server. Try again, and if it keeps happening, tell your administrator.',
  onRetry,
}: {
  title: string;
  message?: string;
  onRetry?: () => void;
}) {
  return (
    <Center mih={300} p="lg">
      <Paper withBorder p="xl" maw={480} role="alert">
        <Stack gap="sm">
          <Title order={3}>{title}</Title>
          <Text c="dimmed">{message}</Text>
          {onRetry ? (
            <Button onClick={onRetry} w="fit-content">
              Try again
            </Button>
          ) : null}
        </Stack>
      </Paper>
    </Center>
  );
}
