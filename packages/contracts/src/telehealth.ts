import { z } from 'zod';
import { UuidSchema } from './common';

/** RTCIceServer as the browser takes it (STUN, or TURN with short-lived credentials). */
export const IceServerSchema = z.object({
  urls: z.array(z.string()),
  username: z.string().optional(),
  credential: z.string().optional(),
});
export type IceServer = z.infer<typeof IceServerSchema>;

export const TelehealthParticipantSchema = z.object({
  id: UuidSchema,
  role: z.enum(['host', 'client']),
  name: z.string(),
  via: z.enum(['staff', 'portal', 'link']),
  state: z.enum(['waiting', 'admitted', 'removed']),
  /** Connected right now (a socket in the session, on any instance). */
  online: z.boolean(),
  joinedAt: z.iso.datetime(),
});
export type TelehealthParticipant = z.infer<typeof TelehealthParticipantSchema>;

/** What a participant's screen needs: the session, who is in it, and how to reach the peers. */
export const TelehealthSessionSchema = z.object({
  id: UuidSchema,
  appointmentId: UuidSchema,
  status: z.enum(['open', 'live', 'ended']),
  startsAt: z.iso.datetime(),
  endsAt: z.iso.datetime(),
  clinicianName: z.string(),
  startedAt: z.iso.datetime().nullable(),
  endedAt: z.iso.datetime().nullable(),
  /** The caller's own participant id: their peer id in signalling. */
  me: z.object({
    participantId: UuidSchema,
    role: z.enum(['host', 'client']),
    state: z.enum(['waiting', 'admitted', 'removed']),
  }),
  /** Everyone in the session; a client sees only the host and the admitted. */
  participants: z.array(TelehealthParticipantSchema),
  iceServers: z.array(IceServerSchema),
});
export type TelehealthSession = z.infer<typeof TelehealthSessionSchema>;

/** Appointment statuses in which its video session can be entered. */
export const TELEHEALTH_LIVE_STATUSES: readonly string[] = [
  'scheduled',
  'confirmed',
  'checked_in',
  'in_session',
];
/** The clinician may open the room an hour early; clients may wait from half an hour before. */
export const TELEHEALTH_HOST_EARLY_MS = 60 * 60_000;
export const TELEHEALTH_CLIENT_EARLY_MS = 30 * 60_000;
/** A session may run over: the room stays open until two hours after the booked end. */
export const TELEHEALTH_LATE_MS = 2 * 60 * 60_000;

/** Whether a client may enter the waiting room now (the server decides; screens show the button). */
export const clientMayJoin = (a: { status: string; startsAt: string; endsAt: string }, now = Date.now()) =>
  TELEHEALTH_LIVE_STATUSES.includes(a.status) &&
  now >= Date.parse(a.startsAt) - TELEHEALTH_CLIENT_EARLY_MS &&
  now <= Date.parse(a.endsAt) + TELEHEALTH_LATE_MS;

/** Where the client is, for the claim's place of service (10 home, 02 elsewhere). */
export const JoinTelehealthBodySchema = z.strictObject({ atHome: z.boolean() });
export type JoinTelehealthBody = z.infer<typeof JoinTelehealthBodySchema>;

export const RedeemJoinLinkBodySchema = z.strictObject({
  token: z.string().min(20).max(100),
  atHome: z.boolean(),
});
export type RedeemJoinLinkBody = z.infer<typeof RedeemJoinLinkBodySchema>;

export const SendJoinLinksResultSchema = z.object({ sent: z.number().int() });

/** The end of a session as the claim will carry it. */
export const TelehealthEndResultSchema = z.object({
  startedAt: z.iso.datetime(),
  endedAt: z.iso.datetime(),
  minutes: z.number().int(),
  placeOfService: z.enum(['02', '10']),
  modifiers: z.array(z.string()),
  /** The psychotherapy code the real duration supports (90832 / 90834 / 90837), if any. */
  supportedCode: z.string().nullable(),
});
export type TelehealthEndResult = z.infer<typeof TelehealthEndResultSchema>;

/**
 * The psychotherapy CPT code a real face-to-face duration supports (CPT time rules: 16–37 min
 * 90832, 38–52 min 90834, 53 min and more 90837; under 16 min, none).
 */
export function psychotherapyCodeFor(minutes: number): string | null {
  if (minutes >= 53) return '90837';
  if (minutes >= 38) return '90834';
  if (minutes >= 16) return '90832';
  return null;
}

// ---- Signalling over Socket.IO (namespace /telehealth) ----

/** Largest SDP accepted: real offers with audio, video and screen share stay far below. */
export const MAX_SDP_CHARS = 16_000;

export const TelehealthJoinMessageSchema = z.strictObject({ sessionId: UuidSchema });

export const TelehealthSignalMessageSchema = z.strictObject({
  sessionId: UuidSchema,
  to: UuidSchema,
  description: z
    .strictObject({
      type: z.enum(['offer', 'answer', 'pranswer', 'rollback']),
      sdp: z.string().max(MAX_SDP_CHARS),
    })
    .optional(),
  candidate: z
    .strictObject({
      candidate: z.string().max(1_024),
      sdpMid: z.string().max(64).nullable().optional(),
      sdpMLineIndex: z.number().int().min(0).max(64).nullable().optional(),
      usernameFragment: z.string().max(256).nullable().optional(),
    })
    .nullable()
    .optional(),
});
export type TelehealthSignalMessage = z.infer<typeof TelehealthSignalMessageSchema>;

/** The server's answer to every client message (Socket.IO acknowledgement). */
export type TelehealthAck =
  | { ok: true; state?: 'waiting' | 'admitted'; peers?: { id: string; name: string }[] }
  | {
      ok: false;
      /** `unavailable`: the server could not check right now (try again); the others are final. */
      code: 'bad_request' | 'not_found' | 'forbidden' | 'payload_too_large' | 'rate_limited' | 'unavailable';
    };
