import { z } from 'zod';
import { UuidSchema } from './common';

export const StaffRoleSchema = z.enum([
  'owner',
  'admin',
  'clinician',
  'supervisor',
  'front_desk',
  'biller',
  /** Operates the platform across practices; every request is audited before it runs. */
  'super_admin',
]);
export type StaffRole = z.infer<typeof StaffRoleSchema>;

export const StaffMemberSchema = z.object({
  id: UuidSchema,
  firstName: z.string(),
  lastName: z.string(),
  credentials: z.string().nullable(),
  role: StaffRoleSchema,
  timeZone: z.string(),
});
export type StaffMember = z.infer<typeof StaffMemberSchema>;

export const ListStaffQuerySchema = z.strictObject({
  /** Only those who see clients: clinicians and supervisors. */
  clinical: z.enum(['true', 'false']).optional(),
});

export const StaffListSchema = z.object({ items: z.array(StaffMemberSchema) });
export type StaffList = z.infer<typeof StaffListSchema>;

/** Who the API thinks the caller is, for the web app's shell. */
export const SessionSchema = z.object({
  user: StaffMemberSchema.extend({ email: z.string() }),
  practice: z.object({ id: UuidSchema, name: z.string(), timeZone: z.string() }),
  /** Seconds of inactivity before a signed-in session ends (the web app warns a minute before). */
  idleTimeoutSeconds: z.number().int(),
});
export type Session = z.infer<typeof SessionSchema>;
