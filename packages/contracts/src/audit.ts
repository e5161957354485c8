import { z } from 'zod';
import { CursorSchema, InstantSchema, LimitSchema, UuidSchema } from './common';

/** Filters of the audit report; every one optional, combined with AND. */
export const AuditQuerySchema = z.strictObject({
  userId: UuidSchema.optional(),
  clientId: UuidSchema.optional(),
  /** Exact action (`client.read`) or a prefix ending in a dot (`auth.`). */
  action: z
    .string()
    .trim()
    .max(80)
    .regex(/^[a-z_]+(\.[a-z_]*)?$/, 'must be an action such as client.read, or a prefix such as auth.')
    .optional(),
  outcome: z.enum(['success', 'denied', 'failure']).optional(),
  from: InstantSchema.optional(),
  to: InstantSchema.optional(),
  sort: z.enum(['newest', 'oldest']).default('newest'),
  limit: LimitSchema,
  cursor: CursorSchema.optional(),
});
export type AuditQuery = z.infer<typeof AuditQuerySchema>;
/** The CSV export takes the same filters, without paging. */
export const AuditExportQuerySchema = AuditQuerySchema.omit({ limit: true, cursor: true });
export type AuditExportQuery = z.infer<typeof AuditExportQuerySchema>;

export const AuditEventSchema = z.object({
  id: UuidSchema,
  occurredAt: z.iso.datetime(),
  actorUserId: UuidSchema.nullable(),
  actorName: z.string().nullable(),
  actorRole: z.string().nullable(),
  action: z.string(),
  resourceType: z.string(),
  resourceId: UuidSchema.nullable(),
  clientId: UuidSchema.nullable(),
  outcome: z.enum(['success', 'denied', 'failure']),
  ip: z.string().nullable(),
  requestId: z.string().nullable(),
  reason: z.string().nullable(),
  details: z.record(z.string(), z.unknown()).nullable(),
});
export type AuditEvent = z.infer<typeof AuditEventSchema>;
export const AuditPageSchema = z.object({
  items: z.array(AuditEventSchema),
  nextCursor: z.string().nullable(),
});

export const SecurityAlertSchema = z.object({
  id: UuidSchema,
  kind: z.string(),
  severity: z.enum(['low', 'medium', 'high', 'critical']),
  status: z.enum(['open', 'acknowledged', 'resolved']),
  subjectUserId: UuidSchema.nullable(),
  subjectName: z.string().nullable(),
  clientId: UuidSchema.nullable(),
  summary: z.string(),
  evidence: z.record(z.string(), z.unknown()),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type SecurityAlert = z.infer<typeof SecurityAlertSchema>;
export const SecurityAlertListSchema = z.object({ items: z.array(SecurityAlertSchema) });
export const SecurityAlertQuerySchema = z.strictObject({
  status: z.enum(['open', 'acknowledged', 'resolved', 'unresolved']).default('unresolved'),
});
