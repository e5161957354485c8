import { Paper, Stack, Title } from '@mantine/core';
import { Loading, LoadError } from '../../components/query-state';
import { useSession } from '../session/use-session';
import { CalendarFeedPanel } from './calendar-feed-panel';
import { ChangePasswordForm } from './change-password-form';
import { PasskeysPanel } from './passkeys-panel';
import { SessionsPanel } from './sessions-panel';

export function AccountPage() {
  const session = useSession();
  if (session.isPending) return <Loading label="Loading your account…" />;
  if (session.isError) return <LoadError error={session.error} onRetry={() => void session.refetch()} />;
  return (
    <Stack gap="md">
      <Title order={2}>Your account</Title>
      <Paper withBorder p="lg">
        <ChangePasswordForm user={session.data.user} />
      </Paper>
      <Paper withBorder p="lg">
        <PasskeysPanel timeZone={session.data.practice.timeZone} />
      </Paper>
      <Paper withBorder p="lg">
        <SessionsPanel timeZone={session.data.practice.timeZone} />
      </Paper>
      {session.data.user.role === 'clinician' || session.data.user.role === 'supervisor' ? (
        <CalendarFeedPanel />
      ) : null}
    </Stack>
  );
}
