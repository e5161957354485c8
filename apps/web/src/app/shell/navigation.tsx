import { NavLink } from '@mantine/core';
import { NavLink as RouterLink, useLocation } from 'react-router';

const LINKS = [
  { to: '/clients', label: 'Clients' },
  { to: '/schedule', label: 'Schedule' },
  { to: '/account', label: 'Account' },
];

export function Navigation() {
  const { pathname } = useLocation();
  return (
    <nav>
      {LINKS.map((link) => (
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
