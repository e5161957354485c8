import { z } from 'zod';

export const SignInBodySchema = z.strictObject({
  email: z.string().trim().min(3).max(254),
  password: z.string().min(1).max(256),
});
export type SignInBody = z.infer<typeof SignInBodySchema>;

/** What happens after the password: signed in, or a second factor is needed first. */
export const SignInResultSchema = z.object({
  status: z.enum(['signed_in', 'mfa_required', 'mfa_enrollment_required']),
  /** Seconds of inactivity before the session ends (the web app warns a minute before). */
  idleTimeoutSeconds: z.number().int().optional(),
  /** With mfa_required: the enrolled second factors to offer. */
  methods: z.array(z.enum(['totp', 'passkey'])).optional(),
});
export type SignInResult = z.infer<typeof SignInResultSchema>;

export const TotpCodeBodySchema = z.strictObject({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, 'must be the 6-digit code from your authenticator app'),
});

export const BackupCodeBodySchema = z.strictObject({
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9]{4}-?[A-Za-z0-9]{4}$/, 'must be one of your backup codes'),
});

export const TotpEnrollmentSchema = z.object({
  /** otpauth:// URI for the QR code, and the secret for manual entry. Shown once. */
  otpauthUri: z.string(),
  secret: z.string(),
});

export const BackupCodesSchema = z.object({ backupCodes: z.array(z.string()) });

export const CsrfTokenSchema = z.object({ csrfToken: z.string() });

export const ReauthenticateBodySchema = z.strictObject({ password: z.string().min(1).max(256) });

export const ActiveSessionSchema = z.object({
  id: z.uuid(),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  assurance: z.string(),
  current: z.boolean(),
});
export const ActiveSessionListSchema = z.object({ items: z.array(ActiveSessionSchema) });

export const ChangePasswordBodySchema = z.strictObject({
  currentPassword: z.string().min(1).max(256),
  newPassword: z.string().min(1).max(256),
});

export const StaffAccessSchema = z.object({
  id: z.uuid(),
  firstName: z.string(),
  lastName: z.string(),
  email: z.string(),
  role: z.string(),
  status: z.enum(['active', 'disabled']),
  lockedUntil: z.iso.datetime().nullable(),
  mfaEnrolled: z.boolean(),
  /** Invited and not yet activated: no password set. */
  invited: z.boolean(),
  lastSignInAt: z.iso.datetime().nullable(),
});
export type StaffAccess = z.infer<typeof StaffAccessSchema>;
export const StaffAccessListSchema = z.object({ items: z.array(StaffAccessSchema) });

export const PortalInvitationBodySchema = z.strictObject({
  email: z.email({ message: 'must be an e-mail address' }).max(254),
});
export const PortalInvitationSchema = z.object({
  /** Path of the single-use link; the token rides in the fragment. */
  invitePath: z.string(),
  expiresAt: z.iso.datetime(),
});
export const AcceptInvitationBodySchema = z.strictObject({
  token: z.string().min(20).max(200),
  password: z.string().min(1).max(256),
});

export const PasskeySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable(),
});
export const PasskeyListSchema = z.object({ items: z.array(PasskeySchema) });
/** WebAuthn JSON as produced by the browser library; verified cryptographically by the server. */
export const WebAuthnResponseSchema = z.looseObject({
  id: z.string().max(1024),
  rawId: z.string().max(1024),
  type: z.literal('public-key'),
});
export const PasskeyRegistrationBodySchema = z.strictObject({
  name: z.string().trim().min(1).max(60),
  response: WebAuthnResponseSchema,
});
export const PasskeyAuthenticationBodySchema = z.strictObject({ response: WebAuthnResponseSchema });
/** Options for navigator.credentials; passed to the browser as they are. */
export const WebAuthnOptionsSchema = z.looseObject({ challenge: z.string() });

/** A portal client's own security settings: the authenticator is optional for clients, and offered. */
export const PortalSecuritySchema = z.object({ totpEnabled: z.boolean() });
