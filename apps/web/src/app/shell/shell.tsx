import { Anchor, AppShell, Notification } from '@mantine/core';
import { Link, Outlet } from 'react-router';
import { Header } from './header';
import { Navigation } from './navigation';
import { useRealtime } from './use-realtime';

export function Shell() {
  const { checkIn, dismiss } = useRealtime();
  return (
    <AppShell header={{ height: 60 }} navbar={{ width: 220, breakpoint: 'sm' }} padding="lg">
      <AppShell.Header>
        <Header />
      </AppShell.Header>
      <AppShell.Navbar p="sm" aria-label="Main">
        <Navigation />
      </AppShell.Navbar>
      <AppShell.Main bg="gray.0">
        {checkIn ? (
          <Notification role="status" title="Your client has arrived" onClose={dismiss} mb="md" withBorder>
            Checked in for{' '}
            {new Date(checkIn.startsAt).toLocaleTimeString('en-US', { hour: 'numeric', minute: '2-digit' })}.{' '}
            <Anchor component={Link} to="/schedule" onClick={dismiss}>
              Open the schedule
            </Anchor>
          </Notification>
        ) : null}
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
