import { Alert, Anchor, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../../lib/api';
import { useSession } from '../session/use-session';

/**
 * A one-line reminder for clinicians wherever they land: notes to finish, co-signatures waiting,
 * unread risk notifications, with a link to the home screen. Renders nothing when all is done.
 */
export function WorkWaiting() {
  const role = useSession().data?.user.role;
  const clinical = role === 'clinician' || role === 'supervisor' || role === 'owner';
  const due = useQuery({ queryKey: ['notes-due'], queryFn: api.notesDue, enabled: clinical });
  const inbox = useQuery({ queryKey: ['notifications'], queryFn: api.notifications, enabled: clinical });
  if (!clinical || !due.data) return null;
  const overdue = due.data.mine.filter((n) => n.overdue).length;
  const risks = (inbox.data?.items ?? []).filter((n) => !n.readAt && n.kind === 'risk_flag').length;
  const parts = [
    due.data.mine.length
      ? `${due.data.mine.length} note${due.data.mine.length === 1 ? '' : 's'} to finish${overdue ? ` (${overdue} overdue)` : ''}`
      : '',
    due.data.toCosign.length ? `${due.data.toCosign.length} to co-sign` : '',
    risks ? `${risks} new risk flag${risks === 1 ? '' : 's'}` : '',
  ].filter(Boolean);
  if (parts.length === 0) return null;
  return (
    <Alert color={risks || overdue ? 'orange' : 'blue'} variant="light" data-testid="work-waiting">
      <Text size="sm">
        {parts.join(' · ')} —{' '}
        <Anchor component={Link} to="/home">
          open your home screen
        </Anchor>
      </Text>
    </Alert>
  );
}
