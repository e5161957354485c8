import { Button, Center, Paper, Stack, Text, Title } from '@mantine/core';
import { isRouteErrorResponse, Link, useRouteError } from 'react-router';

/** Per-route boundary: one broken screen never takes the shell down with it. */
export function RouteError({ notFound = false }: { notFound?: boolean }) {
  const error = useRouteError();
  const missing = notFound || (isRouteErrorResponse(error) && error.status === 404);
  return (
    <Center mih={300} p="lg">
      <Paper withBorder p="xl" maw={480} role="alert">
        <Stack gap="sm">
          <Title order={3}>{missing ? 'Page not found' : 'This screen could not load'}</Title>
          <Text c="dimmed">
            {missing
              ? 'The address may be mistyped, or the page has moved.'
              : 'Something went wrong while showing this screen. Your data is safe.'}
          </Text>
          <Button component={Link} to="/clients" w="fit-content">
            Go to clients
          </Button>
        </Stack>
      </Paper>
    </Center>
  );
}
