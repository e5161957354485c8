import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../../lib/api';
import { PortalCodeStep } from './portal-code-step';
import { PortalFrame } from './portal-frame';

export function PortalSignInPage() {
  const navigate = useNavigate();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [needsCode, setNeedsCode] = useState(false);
  const signIn = useMutation({
    mutationFn: () => api.portalSignIn(email, password),
    onSuccess: (result) => {
      if (result.status === 'mfa_required') setNeedsCode(true);
      else void navigate('/portal', { replace: true });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    signIn.mutate();
  };
  if (needsCode) return <PortalCodeStep onBack={() => setNeedsCode(false)} />;
  return (
    <PortalFrame title="Sign in">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {signIn.error ? (
            <Alert color="red" role="alert">
              The e-mail or password is not right.
            </Alert>
          ) : null}
          <TextInput
            label="E-mail"
            type="email"
            autoComplete="username"
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            autoFocus
          />
          <PasswordInput
            label="Password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
          />
          <Button type="submit" loading={signIn.isPending} disabled={!email || !password}>
            Sign in
          </Button>
        </Stack>
      </form>
    </PortalFrame>
  );
}
