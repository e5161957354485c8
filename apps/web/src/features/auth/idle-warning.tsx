import { Button, Group, Modal, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { lastActivity } from '../../lib/activity';
import { api } from '../../lib/api';

/** One minute ahead, or half the timeout when a deployment set a very short one. */
const warnSecondsFor = (idle: number) => Math.min(60, Math.floor(idle / 2));

/**
 * Warns before the practice's idle timeout and signs out when it passes. The server
 * enforces the timeout anyway; this keeps the screen honest and the PHI off an unattended screen.
 */
export function IdleWarning({ idleTimeoutSeconds }: { idleTimeoutSeconds: number }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [remaining, setRemaining] = useState(idleTimeoutSeconds);

  useEffect(() => {
    const timer = window.setInterval(() => {
      setRemaining(Math.round(idleTimeoutSeconds - (Date.now() - lastActivity()) / 1000));
    }, 1000);
    return () => window.clearInterval(timer);
  }, [idleTimeoutSeconds]);

  useEffect(() => {
    if (remaining > 0) return;
    void (async () => {
      await api.signOut().catch(() => null);
      queryClient.clear();
      await navigate('/sign-in?reason=idle', { replace: true });
    })();
  }, [remaining, navigate, queryClient]);

  return (
    <Modal
      opened={remaining > 0 && remaining <= warnSecondsFor(idleTimeoutSeconds)}
      onClose={() => void api.keepAlive()}
      title="Are you still there?"
      centered
      closeOnClickOutside={false}
    >
      <Text mb="md" aria-live="assertive">
        For your clients’ privacy you will be signed out in {Math.max(remaining, 0)} seconds.
      </Text>
      <Group justify="flex-end">
        <Button variant="default" onClick={() => setRemaining(0)}>
          Sign out now
        </Button>
        <Button onClick={() => void api.keepAlive()} data-autofocus>
          Stay signed in
        </Button>
      </Group>
    </Modal>
  );
}
