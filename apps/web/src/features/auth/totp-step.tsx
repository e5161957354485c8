import { Alert, Anchor, Button, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { startAuthentication } from '@simplewebauthn/browser';
import { api } from '../../lib/api';

/** The authenticator code, or one of the backup codes if the phone is not at hand. */
export function TotpStep({
  methods,
  onSignedIn,
}: {
  methods: ('totp' | 'passkey')[];
  onSignedIn: () => void;
}) {
  const [useBackup, setUseBackup] = useState(false);
  const [code, setCode] = useState('');
  const verify = useMutation({
    mutationFn: () => (useBackup ? api.verifyBackupCode(code) : api.verifyTotp(code)),
    onSuccess: onSignedIn,
  });
  const passkey = useMutation({
    mutationFn: async () => {
      const options = await api.passkeySignInOptions();
      const response = await startAuthentication({
        optionsJSON: options,
      });
      return api.verifyPasskey(response);
    },
    onSuccess: onSignedIn,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    verify.mutate();
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {methods.includes('passkey') ? (
          <>
            <Button variant="light" onClick={() => passkey.mutate()} loading={passkey.isPending}>
              Use a passkey
            </Button>
            {passkey.error ? (
              <Alert color="red" role="alert">
                The passkey did not work. Try again, or use a code.
              </Alert>
            ) : null}
          </>
        ) : null}
        <Text size="sm">
          {useBackup
            ? 'Enter one of the backup codes you saved when you set up your authenticator. Each works once.'
            : 'Enter the 6-digit code from your authenticator app.'}
        </Text>
        {verify.error ? (
          <Alert color="red" role="alert">
            That code did not work. Check the time on your phone, or wait for the next code.
          </Alert>
        ) : null}
        <TextInput
          label={useBackup ? 'Backup code' : 'Authentication code'}
          inputMode={useBackup ? 'text' : 'numeric'}
          autoComplete="one-time-code"
          maxLength={useBackup ? 9 : 6}
          value={code}
          onChange={(e) => setCode(e.currentTarget.value.trim())}
          autoFocus
        />
        <Button type="submit" loading={verify.isPending} disabled={code.length < 6}>
          Sign in
        </Button>
        <Anchor
          component="button"
          type="button"
          size="sm"
          onClick={() => {
            setUseBackup((b) => !b);
            setCode('');
            verify.reset();
          }}
        >
          {useBackup ? 'Use the authenticator app instead' : 'Use a backup code'}
        </Anchor>
      </Stack>
    </form>
  );
}
