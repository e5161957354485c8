import { Anchor, AppShell, Notification } from '@mantine/core';
import { Link, Outlet, useLocation } from 'react-router';
import { ruleLabel, SEVERITY_COLORS } from '../../features/security/alert-labels';
import { useSession } from '../../features/session/use-session';
import { Header } from './header';
import { Navigation } from './navigation';
import { useRealtime } from './use-realtime';

export function Shell() {
  const { checkIn, dismiss, securityAlert, dismissSecurityAlert, waiting, dismissWaiting } = useRealtime();
  const onCallPage = useLocation().pathname.startsWith('/telehealth/');
  const role = useSession().data?.user.role;
  // The server sends alerts to owners' and admins' rooms only; the check keeps the banner theirs.
  const handlesAlerts = role === 'owner' || role === 'admin';
  return (
    <AppShell header={{ height: 60 }} navbar={{ width: 220, breakpoint: 'sm' }} padding="lg">
      <AppShell.Header>
        <Header />
      </AppShell.Header>
      <AppShell.Navbar p="sm" aria-label="Main">
        <Navigation />
      </AppShell.Navbar>
      <AppShell.Main bg="gray.0">
        {checkIn && !onCallPage ? (
          <Notification role="status" title="Your client has arrived" onClose={dismiss} mb="md" withBorder>
            Checked in for{' '}
            {new Date(checkIn.startsAt).toLocaleTimeString('en-US', { hour: 'numeric', minute: '2-digit' })}.{' '}
            <Anchor component={Link} to="/schedule" onClick={dismiss}>
              Open the schedule
            </Anchor>
          </Notification>
        ) : null}
        {waiting && !onCallPage ? (
          <Notification
            role="status"
            title="Your client is in the video waiting room"
            onClose={dismissWaiting}
            closeButtonProps={{ 'aria-label': 'Dismiss the waiting room notice' }}
            mb="md"
            withBorder
          >
            <Anchor component={Link} to={`/telehealth/${waiting.appointmentId}`} onClick={dismissWaiting}>
              Open the video session
            </Anchor>
          </Notification>
        ) : null}
        {securityAlert && handlesAlerts ? (
          <Notification
            role={
              securityAlert.severity === 'high' || securityAlert.severity === 'critical' ? 'alert' : 'status'
            }
            color={SEVERITY_COLORS[securityAlert.severity]}
            title={`New ${securityAlert.severity} security alert`}
            onClose={dismissSecurityAlert}
            closeButtonProps={{ 'aria-label': 'Dismiss the security alert notice' }}
            mb="md"
            withBorder
          >
            {ruleLabel(securityAlert.rule)}.{' '}
            <Anchor component={Link} to="/security" onClick={dismissSecurityAlert}>
              Review security alerts
            </Anchor>
          </Notification>
        ) : null}
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
