import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';

export interface CheckInAlert {
  appointmentId: string;
  startsAt: string;
}

/**
 * The staff app's live connection (Socket.IO, authenticated by the session cookie). Check-ins and
 * inbox changes refresh what is on screen at once; a session ended elsewhere signs this tab out.
 * The client library loads lazily, after the first screen.
 */
export function useRealtime() {
  const queryClient = useQueryClient();
  const [checkIn, setCheckIn] = useState<CheckInAlert | null>(null);
  useEffect(() => {
    let socket: { disconnect(): void } | null = null;
    let cancelled = false;
    void import('socket.io-client').then(({ io }) => {
      if (cancelled) return;
      const s = io({ path: '/socket.io', transports: ['websocket'], withCredentials: true });
      s.on('appointment.checked_in', (payload: CheckInAlert) => {
        setCheckIn(payload);
        void queryClient.invalidateQueries({ queryKey: ['appointments'] });
      });
      s.on('notifications.changed', () => {
        void queryClient.invalidateQueries({ queryKey: ['notifications'] });
      });
      // Revoked elsewhere: the session check now fails, and the app signs out the usual way
      // (with the reason the server gives).
      s.on('session.ended', () => {
        void queryClient.invalidateQueries({ queryKey: ['session'] });
      });
      socket = s;
    });
    return () => {
      cancelled = true;
      socket?.disconnect();
    };
  }, [queryClient]);
  return { checkIn, dismiss: () => setCheckIn(null) };
}
