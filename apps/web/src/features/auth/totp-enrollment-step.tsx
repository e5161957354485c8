import { Alert, Button, Center, Code, Image, Loader, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { toDataURL } from 'qrcode';
import { useState, type FormEvent } from 'react';
import { api } from '../../lib/api';

/** First sign-in: scan the QR code (or type the key), then prove it with a code. */
export function TotpEnrollmentStep({ onEnrolled }: { onEnrolled: (backupCodes: string[]) => void }) {
  const enrollment = useQuery({
    queryKey: ['totp-enrollment'],
    queryFn: async () => {
      const started = await api.enrollTotp();
      return { ...started, qr: await toDataURL(started.otpauthUri, { margin: 1, width: 200 }) };
    },
    staleTime: Infinity,
    gcTime: 0,
    retry: false,
  });
  const [code, setCode] = useState('');
  const confirm = useMutation({
    mutationFn: () => api.confirmTotp(code),
    onSuccess: (result) => onEnrolled(result.backupCodes),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    confirm.mutate();
  };

  if (enrollment.isPending) {
    return (
      <Center py="lg">
        <Loader size="sm" aria-label="Preparing your authenticator" />
      </Center>
    );
  }
  if (enrollment.isError) {
    return (
      <Alert color="red" role="alert">
        Your authenticator could not be set up: {enrollment.error.message}
      </Alert>
    );
  }
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Text size="sm">
          Your practice requires a second factor. Scan this code with an authenticator app (Google
          Authenticator, 1Password, Authy…), then enter the 6-digit code it shows.
        </Text>
        <Center>
          <Image src={enrollment.data.qr} alt="QR code for your authenticator app" w={200} h={200} />
        </Center>
        <Text size="xs" c="dimmed">
          Can’t scan? Enter this key: <Code data-testid="totp-secret">{enrollment.data.secret}</Code>
        </Text>
        {confirm.error ? (
          <Alert color="red" role="alert">
            That code did not match. Enter the current code from the app.
          </Alert>
        ) : null}
        <TextInput
          label="Authentication code"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          value={code}
          onChange={(e) => setCode(e.currentTarget.value.trim())}
        />
        <Button type="submit" loading={confirm.isPending} disabled={code.length !== 6}>
          Turn on two-step sign-in
        </Button>
      </Stack>
    </form>
  );
}
