import { Alert, Button, Center, Container, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { LoadError, Loading } from '../../components/query-state';
import { ApiError } from '../../lib/api';
import { schedulingApi } from '../schedule/scheduling-api';

/** The token travels in the link's fragment, which browsers never send to the server. */
const tokenFromHash = () => window.location.hash.replace(/^#/, '');

const when = (iso: string, timeZone: string) =>
  new Date(iso).toLocaleString('en-US', {
    timeZone,
    weekday: 'long',
    month: 'long',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  });

/** The page a waitlist offer links to: see the opening and claim it, no sign-in needed. */
export function OfferPage() {
  const [token] = useState(tokenFromHash);
  const offer = useQuery({
    queryKey: ['offer', token],
    queryFn: () => schedulingApi.viewOffer(token),
    enabled: token.length > 0,
    retry: false,
  });
  const claim = useMutation({ mutationFn: () => schedulingApi.claimOffer(token) });
  const claimError = claim.error instanceof ApiError ? claim.error : null;

  return (
    <Container size="xs" py="xl">
      <Paper withBorder p="lg">
        <Stack gap="md">
          <Title order={2}>An appointment opened up</Title>
          {!token ? (
            <Alert color="red" role="alert">
              This link is incomplete. Open it again from your message.
            </Alert>
          ) : offer.isPending ? (
            <Loading label="Loading the offer…" />
          ) : offer.isError ? (
            <LoadError error={offer.error} />
          ) : claim.isSuccess ? (
            <Alert color="teal" title="You are booked" role="status">
              {when(claim.data.startsAt, offer.data.timeZone)} with {offer.data.clinicianName}. We sent you a
              confirmation.
            </Alert>
          ) : (
            <>
              <Text>
                <strong>{offer.data.practiceName}</strong> has an opening with{' '}
                <strong>{offer.data.clinicianName}</strong> on{' '}
                <strong>{when(offer.data.startsAt, offer.data.timeZone)}</strong> (
                {offer.data.modality === 'telehealth' ? 'video session' : 'in person'}).
              </Text>
              {offer.data.status === 'offered' ? (
                <>
                  <Text size="sm" c="dimmed">
                    It goes to the first person who claims it. This offer ends{' '}
                    {when(offer.data.expiresAt, offer.data.timeZone)}.
                  </Text>
                  <Center>
                    <Button size="md" onClick={() => claim.mutate()} loading={claim.isPending}>
                      Claim this appointment
                    </Button>
                  </Center>
                </>
              ) : (
                <Alert color="gray" role="status" title="No longer available">
                  {offer.data.status === 'claimed'
                    ? 'This opening was claimed.'
                    : offer.data.status === 'expired'
                      ? 'This offer has expired.'
                      : 'Someone else claimed this opening first.'}{' '}
                  You are still on the waitlist.
                </Alert>
              )}
              {claimError ? (
                <Alert color="orange" role="alert" title="Not booked">
                  {claimError.message}. You are still on the waitlist.
                </Alert>
              ) : null}
            </>
          )}
        </Stack>
      </Paper>
    </Container>
  );
}
