import {
  AppointmentDetailSchema,
  AppointmentListSchema,
  AvailabilitySchema,
  ChangeResultSchema,
  CreateAppointmentResultSchema,
  OfferViewSchema,
  OutboxListSchema,
  SchedulingSettingsSchema,
  SchedulingSetupSchema,
  SlotListSchema,
  WaitlistSchema,
  type AppointmentStatus,
  type CreateAppointmentBody,
  type CreateWaitlistEntryBody,
  type SchedulingSettings,
  type SeriesScope,
} from '@mentalspace/contracts';
import { z } from 'zod';
import { patch, post, put, request } from '../../lib/api';

const id = encodeURIComponent;
const qs = (params: Record<string, string | undefined>) =>
  new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => Boolean(e[1]))).toString();

/** The scheduling endpoints, typed by the shared contracts. */
export const schedulingApi = {
  setup: () => request(SchedulingSetupSchema, '/scheduling/setup'),
  appointments: (filter: {
    clinicianId?: string | undefined;
    locationId?: string | undefined;
    roomId?: string | undefined;
    from: Date;
    to: Date;
  }) =>
    request(
      AppointmentListSchema,
      `/appointments?${qs({
        clinicianId: filter.clinicianId,
        locationId: filter.locationId,
        roomId: filter.roomId,
        from: filter.from.toISOString(),
        to: filter.to.toISOString(),
      })}`,
    ),
  appointment: (appointmentId: string) =>
    request(AppointmentDetailSchema, `/appointments/${id(appointmentId)}`),
  book: (body: CreateAppointmentBody) => post(CreateAppointmentResultSchema, '/appointments', body),
  move: (appointmentId: string, body: { startsAt: string; endsAt: string; scope: SeriesScope }) =>
    patch(ChangeResultSchema, `/appointments/${id(appointmentId)}`, body),
  setStatus: (
    appointmentId: string,
    body: {
      status: AppointmentStatus;
      cancelledBy?: 'client' | 'clinician' | 'practice';
      scope?: SeriesScope;
    },
  ) => post(ChangeResultSchema, `/appointments/${id(appointmentId)}/status`, body),
  slots: (query: { clinicianIds: string[]; from: Date; to: Date; durationMinutes: number }) =>
    request(
      SlotListSchema,
      `/availability/slots?${qs({
        clinicianIds: query.clinicianIds.join(','),
        from: query.from.toISOString(),
        to: query.to.toISOString(),
        durationMinutes: String(query.durationMinutes),
      })}`,
    ),
  availability: (clinicianId: string) =>
    request(AvailabilitySchema, `/clinicians/${id(clinicianId)}/availability`),
  saveAvailability: (
    clinicianId: string,
    body: {
      timeZone: string;
      bufferMinutes: number;
      workingHours: { weekday: number; startsAt: string; endsAt: string }[];
    },
  ) => put(AvailabilitySchema, `/clinicians/${id(clinicianId)}/availability`, body),
  addTimeOff: (clinicianId: string, body: { startsAt: string; endsAt: string; reason?: string }) =>
    post(AvailabilitySchema, `/clinicians/${id(clinicianId)}/time-off`, body),
  waitlist: () => request(WaitlistSchema, '/waitlist'),
  addToWaitlist: (body: CreateWaitlistEntryBody) => post(z.object({ id: z.string() }), '/waitlist', body),
  removeFromWaitlist: (entryId: string) => post(z.null(), `/waitlist/${id(entryId)}/remove`),
  viewOffer: (token: string) => post(OfferViewSchema, '/waitlist-offers/view', { token }),
  claimOffer: (token: string) =>
    post(
      z.object({ appointmentId: z.string(), startsAt: z.string(), endsAt: z.string() }),
      '/waitlist-offers/claim',
      {
        token,
      },
    ),
  outbox: () => request(OutboxListSchema, '/outbox?limit=100'),
  settings: () => request(SchedulingSettingsSchema, '/practice/scheduling-settings'),
  saveSettings: (body: SchedulingSettings) =>
    put(SchedulingSettingsSchema, '/practice/scheduling-settings', body),
};
