import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';

export interface CheckInAlert {
  appointmentId: string;
  startsAt: string;
}

/** A client entered a video session's waiting room. */
export interface TelehealthWaiting {
  appointmentId: string;
  sessionId: string;
}

/** Sent to owners and admins only: which alert, by which rule, how severe — nothing about whom. */
export interface SecurityAlertRaised {
  alertId: string;
  rule: string;
  severity: 'low' | 'medium' | 'high' | 'critical';
}

/**
 * The staff app's live connection (Socket.IO, authenticated by the session cookie). Check-ins,
 * inbox changes and new security alerts refresh what is on screen at once; a session ended
 * elsewhere signs this tab out.
 * The client library loads lazily, after the first screen.
 */
export function useRealtime() {
  const queryClient = useQueryClient();
  const [checkIn, setCheckIn] = useState<CheckInAlert | null>(null);
  const [securityAlert, setSecurityAlert] = useState<SecurityAlertRaised | null>(null);
  const [waiting, setWaiting] = useState<TelehealthWaiting | null>(null);
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
      s.on('security.alert_raised', (payload: SecurityAlertRaised) => {
        setSecurityAlert(payload);
        void queryClient.invalidateQueries({ queryKey: ['alerts'] });
      });
      s.on('telehealth.waiting', (payload: TelehealthWaiting) => {
        setWaiting(payload);
        void queryClient.invalidateQueries({ queryKey: ['telehealth', 'session', payload.sessionId] });
      });
      // A new secure message: refetch the inbox and any open thread; nothing else is shown.
      s.on('messages.new', () => {
        void queryClient.invalidateQueries({ queryKey: ['messages'] });
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
  return {
    checkIn,
    dismiss: () => setCheckIn(null),
    securityAlert,
    dismissSecurityAlert: () => setSecurityAlert(null),
    waiting,
    dismissWaiting: () => setWaiting(null),
  };
}
