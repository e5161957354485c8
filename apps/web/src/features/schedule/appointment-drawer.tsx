import {
  Alert,
  Anchor,
  Badge,
  Button,
  Divider,
  Drawer,
  Group,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import {
  TELEHEALTH_LIVE_STATUSES,
  type AppointmentDetail,
  type AppointmentStatus,
  type SeriesScope,
} from '@mentalspace/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { useSession } from '../session/use-session';
import { telehealthApi } from '../telehealth/telehealth-api';
import { LoadError, Loading } from '../../components/query-state';
import { ApiError } from '../../lib/api';
import { formatTime, STATUS_COLORS, STATUS_LABELS } from '../../lib/format';
import { zonedDateTime, zonedInstant } from '../../lib/zoned-days';
import { schedulingApi } from './scheduling-api';

/** The next steps a front desk or clinician takes from each status (the server enforces them). */
const NEXT: Record<AppointmentStatus, { status: AppointmentStatus; label: string }[]> = {
  requested: [{ status: 'scheduled', label: 'Approve request' }],
  scheduled: [
    { status: 'confirmed', label: 'Confirm' },
    { status: 'checked_in', label: 'Check in' },
    { status: 'no_show', label: 'No-show' },
  ],
  confirmed: [
    { status: 'checked_in', label: 'Check in' },
    { status: 'no_show', label: 'No-show' },
  ],
  checked_in: [{ status: 'in_session', label: 'Start session' }],
  in_session: [{ status: 'completed', label: 'Complete' }],
  completed: [],
  no_show: [{ status: 'scheduled', label: 'Undo no-show' }],
  cancelled: [],
};

const SCOPES: { value: SeriesScope; label: string }[] = [
  { value: 'this', label: 'This appointment' },
  { value: 'following', label: 'This and following' },
  { value: 'all', label: 'All upcoming in the series' },
];

function errorText(error: unknown, timeZone: string) {
  if (!(error instanceof ApiError)) return null;
  if (error.code === 'appointment_conflict' && error.conflict)
    return `The ${error.conflict.resource} is booked ${formatTime(error.conflict.startsAt, timeZone)}–${formatTime(error.conflict.endsAt, timeZone)} that day.`;
  return error.message;
}

/** One appointment: details, status history, status changes, cancelling and moving (series aware). */
export function AppointmentDrawer({
  appointmentId,
  onClose,
  timeZone,
}: {
  appointmentId: string | null;
  onClose: () => void;
  timeZone: string;
}) {
  const detail = useQuery({
    queryKey: ['appointments', 'detail', appointmentId],
    queryFn: () => schedulingApi.appointment(appointmentId!),
    enabled: Boolean(appointmentId),
  });
  return (
    <Drawer opened={Boolean(appointmentId)} onClose={onClose} position="right" size="md" title="Appointment">
      {detail.isPending ? (
        <Loading label="Loading appointment…" />
      ) : detail.isError ? (
        <LoadError error={detail.error} onRetry={() => void detail.refetch()} />
      ) : (
        <AppointmentDetails
          key={`${detail.data.id}:${detail.data.startsAt}`}
          a={detail.data}
          timeZone={timeZone}
        />
      )}
    </Drawer>
  );
}

function AppointmentDetails({ a, timeZone }: { a: AppointmentDetail; timeZone: string }) {
  const queryClient = useQueryClient();
  const [cancelBy, setCancelBy] = useState<'client' | 'clinician' | 'practice'>('client');
  const [scope, setScope] = useState<SeriesScope>('this');
  const [moveDate, setMoveDate] = useState(() => zonedDateTime(new Date(a.startsAt), timeZone).date);
  const [moveTime, setMoveTime] = useState(() => zonedDateTime(new Date(a.startsAt), timeZone).time);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['appointments'] });

  const setStatus = useMutation({
    mutationFn: (status: AppointmentStatus) =>
      schedulingApi.setStatus(a.id, {
        status,
        ...(status === 'cancelled' ? { cancelledBy: cancelBy, scope } : {}),
      }),
    onSuccess: refresh,
  });
  const move = useMutation({
    mutationFn: () => {
      const startsAt = zonedInstant(moveDate, moveTime, timeZone);
      const length = Date.parse(a.endsAt) - Date.parse(a.startsAt);
      return schedulingApi.move(a.id, {
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + length).toISOString(),
        scope,
      });
    },
    onSuccess: refresh,
  });

  const myId = useSession().data?.user.id;
  const sendLinks = useMutation({ mutationFn: () => telehealthApi.sendLinks(a.id) });
  const video = a.modality === 'telehealth' && TELEHEALTH_LIVE_STATUSES.includes(a.status);
  const open = a.status === 'scheduled' || a.status === 'confirmed';
  const cancellable = open || a.status === 'requested';
  const problem = errorText(setStatus.error ?? move.error, timeZone);

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Anchor component={Link} to={`/clients/${a.clientId}`} fw={600}>
          {a.clientName}
        </Anchor>
        <Badge color={STATUS_COLORS[a.status]} variant="light">
          {STATUS_LABELS[a.status]}
          {a.lateCancel ? ' · late' : ''}
        </Badge>
      </Group>
      {a.participants.length > 0 ? (
        <Text size="sm">With {a.participants.map((p) => p.clientName).join(', ')}</Text>
      ) : null}
      <Text size="sm">
        {new Date(a.startsAt).toLocaleDateString('en-US', {
          timeZone,
          weekday: 'long',
          month: 'long',
          day: 'numeric',
        })}
        , {formatTime(a.startsAt, timeZone)}–{formatTime(a.endsAt, timeZone)} with {a.clinicianName}
      </Text>
      <Text size="sm" c="dimmed">
        {a.appointmentTypeName ?? 'Session'} · {a.modality === 'telehealth' ? 'Video session' : 'In person'}
        {a.serviceCode ? ` · CPT ${a.serviceCode}` : ''}
        {a.seriesRule ? ` · repeats (${a.seriesRule})${a.seriesActive ? '' : ', series ended'}` : ''}
      </Text>
      {a.documentation ? (
        <Text size="sm">
          Note: {a.documentation === 'none' ? 'not started' : a.documentation.replace('_', ' ')}
          {a.billable ? ' · billable' : ''}
        </Text>
      ) : null}

      {a.ran ? (
        <Text size="sm" data-testid="actual-duration">
          Ran {formatTime(a.ran.startedAt, timeZone)}–{formatTime(a.ran.endedAt, timeZone)} ({a.ran.minutes}{' '}
          min)
          {a.ran.placeOfService ? ` · POS ${a.ran.placeOfService}` : ''}
          {a.ran.modifiers.length > 0 ? ` · modifier ${a.ran.modifiers.join(', ')}` : ''}
          {a.ran.supportedCode ? ` · supports ${a.ran.supportedCode}` : ''}
        </Text>
      ) : null}

      {video ? (
        <Group gap="xs">
          {a.clinicianId === myId ? (
            <Button size="xs" component={Link} to={`/telehealth/${a.id}`}>
              Start video session
            </Button>
          ) : null}
          <Button
            size="xs"
            variant="default"
            onClick={() => sendLinks.mutate()}
            loading={sendLinks.isPending}
          >
            Send join link
          </Button>
          {sendLinks.isSuccess ? (
            <Text size="xs" role="status">
              {sendLinks.data.sent === 0 ? 'No address to send to' : `Sent ${sendLinks.data.sent}`}
            </Text>
          ) : null}
          {sendLinks.isError ? (
            <Text size="xs" c="red" role="alert">
              {sendLinks.error.message}
            </Text>
          ) : null}
        </Group>
      ) : null}

      {NEXT[a.status].length > 0 ? (
        <Group gap="xs">
          {NEXT[a.status].map((n) => (
            <Button
              key={n.status}
              size="xs"
              variant="light"
              loading={setStatus.isPending && setStatus.variables === n.status}
              onClick={() => setStatus.mutate(n.status)}
            >
              {n.label}
            </Button>
          ))}
        </Group>
      ) : null}

      {a.seriesId && open ? (
        <Select
          label="Apply changes to"
          allowDeselect={false}
          data={SCOPES}
          value={scope}
          onChange={(v) => setScope(v ?? 'this')}
        />
      ) : null}

      {open ? (
        <>
          <Divider label="Move" labelPosition="left" />
          <form
            onSubmit={(event) => {
              event.preventDefault();
              move.mutate();
            }}
          >
            <Group align="flex-end" gap="xs">
              <TextInput
                label="New date"
                type="date"
                required
                value={moveDate}
                onChange={(e) => setMoveDate(e.currentTarget.value)}
              />
              <TextInput
                label="New time"
                type="time"
                step={900}
                required
                value={moveTime}
                onChange={(e) => setMoveTime(e.currentTarget.value)}
              />
              <Button type="submit" variant="default" loading={move.isPending}>
                Move
              </Button>
            </Group>
          </form>
        </>
      ) : null}
      {cancellable ? (
        <>
          <Divider label={a.status === 'requested' ? 'Decline' : 'Cancel'} labelPosition="left" />
          <Group align="flex-end" gap="xs">
            <Select
              label="Cancelled by"
              allowDeselect={false}
              data={[
                { value: 'client', label: 'Client' },
                { value: 'clinician', label: 'Clinician' },
                { value: 'practice', label: 'Practice' },
              ]}
              value={cancelBy}
              onChange={(v) => setCancelBy(v ?? 'client')}
            />
            <Button
              color="red"
              variant="light"
              loading={setStatus.isPending && setStatus.variables === 'cancelled'}
              onClick={() => setStatus.mutate('cancelled')}
            >
              {a.status === 'requested' ? 'Decline request' : 'Cancel appointment'}
            </Button>
          </Group>
          <Text size="xs" c="dimmed">
            A cancelled future slot is offered to matching clients on the waitlist.
          </Text>
        </>
      ) : null}

      {problem ? (
        <Alert color="orange" role="alert" title="Not changed">
          {problem}
        </Alert>
      ) : null}

      <Divider label="History" labelPosition="left" />
      <Table fz="xs">
        <Table.Tbody>
          {a.history.map((h, i) => (
            <Table.Tr key={i}>
              <Table.Td>
                {new Date(h.changedAt).toLocaleString('en-US', {
                  timeZone,
                  dateStyle: 'short',
                  timeStyle: 'short',
                })}
              </Table.Td>
              <Table.Td>
                {h.fromStatus ? `${STATUS_LABELS[h.fromStatus]} → ` : ''}
                {STATUS_LABELS[h.toStatus]}
                {h.lateCancel ? ' (late)' : ''}
              </Table.Td>
              <Table.Td>{h.changedByName ?? h.channel.replace('_', ' ')}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
