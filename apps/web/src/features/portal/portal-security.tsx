import {
  Alert,
  Badge,
  Button,
  Center,
  Code,
  Group,
  Image,
  PasswordInput,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { toDataURL } from 'qrcode';
import { useState, type FormEvent } from 'react';
import { LoadError, Loading } from '../../components/query-state';
import { api } from '../../lib/api';

type Stage =
  { kind: 'idle' } | { kind: 'password'; turningOn: boolean } | { kind: 'scan'; secret: string; qr: string };

/** Two-step sign-in for clients: optional, offered, on and off with the password. */
export function PortalSecurity() {
  const queryClient = useQueryClient();
  const security = useQuery({ queryKey: ['portal-security'], queryFn: api.portalSecurity });
  const [stage, setStage] = useState<Stage>({ kind: 'idle' });
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const finish = async () => {
    setStage({ kind: 'idle' });
    setPassword('');
    setCode('');
    await queryClient.invalidateQueries({ queryKey: ['portal-security'] });
  };
  const start = useMutation({
    mutationFn: async () => {
      const started = await api.portalEnrollTotp(password);
      return { secret: started.secret, qr: await toDataURL(started.otpauthUri, { margin: 1, width: 180 }) };
    },
    onSuccess: (s) => {
      setPassword('');
      setStage({ kind: 'scan', ...s });
    },
  });
  const confirm = useMutation({ mutationFn: () => api.portalConfirmTotp(code), onSuccess: finish });
  const disable = useMutation({ mutationFn: () => api.portalDisableTotp(password), onSuccess: finish });
  const error = start.error ?? confirm.error ?? disable.error;

  if (security.isPending) return <Loading label="Loading your sign-in settings…" />;
  if (security.isError) return <LoadError error={security.error} onRetry={() => void security.refetch()} />;
  const on = security.data.totpEnabled;

  const submitPassword = (event: FormEvent) => {
    event.preventDefault();
    if (stage.kind === 'password' && stage.turningOn) start.mutate();
    else disable.mutate();
  };
  const submitCode = (event: FormEvent) => {
    event.preventDefault();
    confirm.mutate();
  };

  return (
    <Stack gap="xs" aria-label="Sign-in security" role="region">
      <Group gap="sm">
        <Text fw={600}>Two-step sign-in</Text>
        <Badge color={on ? 'teal' : 'gray'} variant="light">
          {on ? 'On' : 'Off'}
        </Badge>
      </Group>
      {error ? (
        <Alert color="red" role="alert">
          {error.message}
        </Alert>
      ) : null}
      {stage.kind === 'idle' ? (
        <Group justify="space-between">
          <Text size="sm" c="dimmed">
            {on
              ? 'Signing in asks for a code from your authenticator app.'
              : 'Protect your account with a code from an authenticator app as well as your password.'}
          </Text>
          <Button
            size="xs"
            variant={on ? 'default' : 'filled'}
            onClick={() => setStage({ kind: 'password', turningOn: !on })}
          >
            {on ? 'Turn off' : 'Turn on two-step sign-in'}
          </Button>
        </Group>
      ) : stage.kind === 'password' ? (
        <form onSubmit={submitPassword} noValidate>
          <Group align="flex-end">
            <PasswordInput
              label="Your password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              data-autofocus
              w={260}
            />
            <Button type="submit" loading={start.isPending || disable.isPending} disabled={!password}>
              {stage.turningOn ? 'Continue' : 'Turn off two-step sign-in'}
            </Button>
            <Button variant="subtle" onClick={() => void finish()}>
              Cancel
            </Button>
          </Group>
        </form>
      ) : (
        <form onSubmit={submitCode} noValidate>
          <Stack gap="sm">
            <Text size="sm">Scan this with an authenticator app, then enter the 6-digit code it shows.</Text>
            <Center>
              <Image src={stage.qr} alt="QR code for your authenticator app" w={180} h={180} />
            </Center>
            <Text size="xs" c="dimmed">
              Can’t scan? Enter this key: <Code data-testid="portal-totp-secret">{stage.secret}</Code>
            </Text>
            <Group align="flex-end">
              <TextInput
                label="Authentication code"
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={6}
                value={code}
                onChange={(e) => setCode(e.currentTarget.value.trim())}
                w={200}
              />
              <Button type="submit" loading={confirm.isPending} disabled={code.length !== 6}>
                Turn on
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Stack>
  );
}
