import { Paper, Text } from '@mantine/core';
import type { TelehealthSession } from '@mentalspace/contracts';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { LoadError, Loading } from '../../components/query-state';
import { PortalFrame } from '../portal/portal-frame';
import { ParticipantCall, PreJoin } from './participant-call';
import { telehealthApi } from './telehealth-api';

/** The session this tab joined by link: its pass cookie lets a reload back in. */
const SESSION_KEY = 'ms-telehealth-guest-session';

/**
 * A single-use join link (`/join#<token>`, the token never reaches a server log). The first
 * browser to open it enters the waiting room and keeps a pass for that one session; the link is
 * then spent, and the token leaves the address bar.
 */
export function JoinPage() {
  const [token] = useState(() => window.location.hash.slice(1));
  const [savedSession] = useState(() => sessionStorage.getItem(SESSION_KEY));
  const redeem = useMutation({
    mutationFn: (atHome: boolean) => telehealthApi.redeem(token, atHome),
    onSuccess: (session) => {
      sessionStorage.setItem(SESSION_KEY, session.id);
      window.history.replaceState(null, '', '/join');
    },
  });
  const resumed = useQuery({
    queryKey: ['telehealth-guest', savedSession],
    queryFn: () => telehealthApi.guestView(savedSession!),
    enabled: !token && Boolean(savedSession),
    retry: false,
  });
  const session: TelehealthSession | undefined = redeem.data ?? resumed.data;
  return (
    <PortalFrame title="Video session" width={960}>
      {session ? (
        <ParticipantCall
          key={session.id}
          session={session}
          reload={() => telehealthApi.guestView(session.id)}
        />
      ) : token ? (
        <PreJoin onJoin={(atHome) => redeem.mutate(atHome)} pending={redeem.isPending} error={redeem.error} />
      ) : savedSession && resumed.isPending ? (
        <Loading label="Rejoining…" />
      ) : savedSession && resumed.isError ? (
        <LoadError error={resumed.error} onRetry={() => void resumed.refetch()} />
      ) : (
        <Paper withBorder p="lg" role="status">
          <Text>Open the link from your invitation to join your video session.</Text>
        </Paper>
      )}
    </PortalFrame>
  );
}
