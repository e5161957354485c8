import { NavLink } from '@mantine/core';
import { NavLink as RouterLink, useLocation } from 'react-router';
import { READS_MESSAGES } from '../../features/messages/messages-api';
import { useSession } from '../../features/session/use-session';

const LINKS = [
  { to: '/home', label: 'Home' },
  { to: '/clients', label: 'Clients' },
  { to: '/schedule', label: 'Schedule' },
  { to: '/waitlist', label: 'Waitlist' },
  { to: '/account', label: 'Account' },
];

export function Navigation() {
  const { pathname } = useLocation();
  const role = useSession().data?.user.role;
  const links = [
    ...LINKS.slice(0, 3),
    // Clinical roles only: front desk and billers never read therapy messages.
    ...(role && READS_MESSAGES.has(role) ? [{ to: '/messages', label: 'Messages' }] : []),
    ...LINKS.slice(3),
    ...(role === 'owner' || role === 'admin' || role === 'super_admin'
      ? [
          { to: '/staff', label: 'Staff access' },
          { to: '/scheduling-setup', label: 'Scheduling setup' },
          { to: '/outbox', label: 'Outbox' },
          { to: '/audit', label: 'Audit log' },
          { to: '/security', label: 'Security alerts' },
        ]
      : []),
    ...(role === 'super_admin' ? [{ to: '/platform', label: 'Platform' }] : []),
  ];
  return (
    <nav>
      {links.map((link) => (
        <NavLink
          key={link.to}
          component={RouterLink}
          to={link.to}
          label={link.label}
          active={pathname.startsWith(link.to)}
          variant="light"
        />
      ))}
    </nav>
  );
}
