import { Alert, Anchor, Center, Paper, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { BackupCodesStep } from './backup-codes-step';
import { PasswordStep } from './password-step';
import { TotpEnrollmentStep } from './totp-enrollment-step';
import { TotpStep } from './totp-step';

const NOTICES: Record<string, string> = {
  welcome: 'Your password is set. Sign in with it, then set up two-step sign-in.',
  idle: 'You were signed out after a period of inactivity.',
  expired: 'Your session has ended. Sign in again to continue.',
};

type Step =
  | { kind: 'password' }
  | { kind: 'totp'; methods: ('totp' | 'passkey')[] }
  | { kind: 'enroll' }
  | { kind: 'backup-codes'; codes: string[] };

/** Staff sign-in: password, then the authenticator (or its enrolment the first time). */
export function SignInPage() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [step, setStep] = useState<Step>({ kind: 'password' });
  const [params] = useSearchParams();
  const notice = NOTICES[params.get('reason') ?? ''];

  const done = async () => {
    queryClient.clear();
    await navigate('/clients', { replace: true });
  };

  return (
    <Center mih="100vh" bg="gray.0" p="md">
      <Paper withBorder shadow="sm" p="xl" w={420} maw="100%">
        <Stack gap="lg">
          <Stack gap={4}>
            <Title order={2} c="teal.8">
              MentalSpace
            </Title>
            <Text c="dimmed" size="sm">
              Sign in to your practice
            </Text>
          </Stack>
          {notice && step.kind === 'password' ? (
            <Alert color="blue" role="status">
              {notice}
            </Alert>
          ) : null}
          {step.kind === 'password' ? (
            <PasswordStep
              initialEmail={params.get('email') ?? ''}
              onResult={(result) => {
                if (result.status === 'signed_in') void done();
                else if (result.status === 'mfa_required')
                  setStep({ kind: 'totp', methods: result.methods ?? ['totp'] });
                else setStep({ kind: 'enroll' });
              }}
            />
          ) : step.kind === 'totp' ? (
            <TotpStep methods={step.methods} onSignedIn={() => void done()} />
          ) : step.kind === 'enroll' ? (
            <TotpEnrollmentStep onEnrolled={(codes) => setStep({ kind: 'backup-codes', codes })} />
          ) : (
            <BackupCodesStep codes={step.codes} onContinue={() => void done()} />
          )}
          {step.kind !== 'password' && step.kind !== 'backup-codes' ? (
            <Anchor component="button" type="button" size="sm" onClick={() => setStep({ kind: 'password' })}>
              Start over
            </Anchor>
          ) : null}
        </Stack>
      </Paper>
    </Center>
  );
}
