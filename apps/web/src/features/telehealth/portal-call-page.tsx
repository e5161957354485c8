import { Anchor } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, Navigate, useParams } from 'react-router';
import { LoadError, Loading } from '../../components/query-state';
import { api, ApiError } from '../../lib/api';
import { PortalFrame } from '../portal/portal-frame';
import { ParticipantCall, PreJoin } from './participant-call';
import { telehealthApi } from './telehealth-api';

/** Where the client said they are, kept for this tab: a reload rejoins without asking again. */
const choiceKey = (appointmentId: string) => `ms-telehealth-where:${appointmentId}`;

/** A portal client's video session: where they are, the waiting room, the call. */
export function PortalCallPage() {
  const { appointmentId = '' } = useParams();
  const [atHome, setAtHome] = useState<boolean | null>(() => {
    const saved = sessionStorage.getItem(choiceKey(appointmentId));
    return saved === null ? null : saved === 'home';
  });
  const joined = useQuery({
    queryKey: ['portal-telehealth', appointmentId, atHome],
    queryFn: () => telehealthApi.portalJoin(appointmentId, atHome!),
    enabled: atHome !== null,
    staleTime: Infinity,
    retry: false,
  });
  if (joined.isError && joined.error instanceof ApiError && joined.error.status === 401)
    return <Navigate to="/portal/sign-in" replace />;
  const choose = (home: boolean) => {
    sessionStorage.setItem(choiceKey(appointmentId), home ? 'home' : 'elsewhere');
    setAtHome(home);
  };
  return (
    <PortalFrame title="Video session" width={960}>
      <Anchor component={Link} to="/portal" size="sm">
        Back to your portal
      </Anchor>
      {atHome === null ? (
        <PreJoin onJoin={choose} pending={false} error={null} />
      ) : joined.isPending ? (
        <Loading label="Joining…" />
      ) : joined.isError ? (
        <LoadError error={joined.error} onRetry={() => void joined.refetch()} />
      ) : (
        <ParticipantCall
          key={joined.data.id}
          session={joined.data}
          reload={() => telehealthApi.portalView(joined.data.id)}
          keepAlive={api.portalMe}
        />
      )}
    </PortalFrame>
  );
}
