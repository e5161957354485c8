import { z } from 'zod';
import { UuidSchema } from './common';
import { StaffRoleSchema } from './staff';

/** An owner or admin invites a new staff member with the role they will have. */
export const InviteStaffBodySchema = z.strictObject({
  email: z.email({ message: 'must be an e-mail address' }).max(254),
  firstName: z.string().trim().min(1, 'is required').max(100),
  lastName: z.string().trim().min(1, 'is required').max(100),
  credentials: z
    .string()
    .trim()
    .max(60)
    .transform((s) => (s === '' ? null : s))
    .nullable()
    .optional(),
  role: StaffRoleSchema,
});
export type InviteStaffBody = z.infer<typeof InviteStaffBodySchema>;

export const StaffInvitationSchema = z.object({
  id: UuidSchema,
  userId: UuidSchema,
  email: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  role: StaffRoleSchema,
  expiresAt: z.iso.datetime(),
  createdAt: z.iso.datetime(),
  invitedBy: z.string(),
});
export type StaffInvitation = z.infer<typeof StaffInvitationSchema>;
export const StaffInvitationListSchema = z.object({ items: z.array(StaffInvitationSchema) });

/** The new invitation and its link, shown once: only the token's hash is stored. */
export const StaffInvitationCreatedSchema = z.object({
  invitation: StaffInvitationSchema,
  /** Path of the single-use link; the token rides in the fragment, never sent to a server log. */
  invitePath: z.string(),
});

export const AcceptStaffInvitationBodySchema = z.strictObject({
  token: z.string().min(20).max(200),
  password: z.string().min(1).max(256),
});
export const AcceptedStaffInvitationSchema = z.object({ email: z.string() });

export const ChangeRoleBodySchema = z.strictObject({ role: StaffRoleSchema });

/** Assign a clinician to a client's care team (or change their assignment). */
export const AssignClinicianBodySchema = z.strictObject({
  assignment: z.enum(['primary', 'secondary']),
});
export const ClientClinicianParamsSchema = z.strictObject({ id: UuidSchema, clinicianId: UuidSchema });

/** A practice as the platform operator sees it: identity and size, no PHI. */
export const PlatformPracticeSchema = z.object({
  id: UuidSchema,
  name: z.string(),
  timeZone: z.string(),
  createdAt: z.iso.datetime(),
  staffCount: z.number().int(),
  clientCount: z.number().int(),
});
export const PlatformPracticeListSchema = z.object({ items: z.array(PlatformPracticeSchema) });

/** A supervisor ↔ supervisee pair: the supervisor reaches the supervisee's caseload. */
export const SupervisionSchema = z.object({
  id: UuidSchema,
  supervisorId: UuidSchema,
  supervisorName: z.string(),
  superviseeId: UuidSchema,
  superviseeName: z.string(),
  since: z.iso.datetime(),
});
export const SupervisionListSchema = z.object({ items: z.array(SupervisionSchema) });
export const StartSupervisionBodySchema = z.strictObject({
  supervisorId: UuidSchema,
  superviseeId: UuidSchema,
});
