import {
  SendJoinLinksResultSchema,
  TelehealthEndResultSchema,
  TelehealthSessionSchema,
} from '@mentalspace/contracts';
import { z } from 'zod';
import { post, request } from '../../lib/api';

const id = encodeURIComponent;

/** The telehealth endpoints, typed by the shared contracts. */
export const telehealthApi = {
  /** The clinician opens (or returns to) the appointment's session as its host. */
  open: (appointmentId: string) =>
    post(TelehealthSessionSchema, `/appointments/${id(appointmentId)}/telehealth`),
  sendLinks: (appointmentId: string) =>
    post(SendJoinLinksResultSchema, `/appointments/${id(appointmentId)}/telehealth/links`),
  hostView: (sessionId: string) => request(TelehealthSessionSchema, `/telehealth/sessions/${id(sessionId)}`),
  admit: (sessionId: string, participantId: string) =>
    post(
      TelehealthSessionSchema,
      `/telehealth/sessions/${id(sessionId)}/participants/${id(participantId)}/admit`,
    ),
  remove: (sessionId: string, participantId: string) =>
    post(
      TelehealthSessionSchema,
      `/telehealth/sessions/${id(sessionId)}/participants/${id(participantId)}/remove`,
    ),
  end: (sessionId: string) =>
    post(
      z.object({ record: TelehealthEndResultSchema.nullable() }),
      `/telehealth/sessions/${id(sessionId)}/end`,
    ),
  portalJoin: (appointmentId: string, atHome: boolean) =>
    post(TelehealthSessionSchema, `/portal/telehealth/${id(appointmentId)}/join`, { atHome }),
  portalView: (sessionId: string) =>
    request(TelehealthSessionSchema, `/portal/telehealth/sessions/${id(sessionId)}`),
  redeem: (token: string, atHome: boolean) =>
    post(TelehealthSessionSchema, '/telehealth/join-links/redeem', { token, atHome }),
  guestView: (sessionId: string) =>
    request(TelehealthSessionSchema, `/telehealth/guest/sessions/${id(sessionId)}`),
};
