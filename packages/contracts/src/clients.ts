import { z } from 'zod';
import { CursorSchema, LimitSchema, UuidSchema } from './common';

export const ClientStatusSchema = z.enum(['active', 'discharged']);
export type ClientStatus = z.infer<typeof ClientStatusSchema>;

export const ListClientsQuerySchema = z.strictObject({
  /** Name search: matches any part of the legal or preferred name, case-insensitively. */
  q: z.string().trim().max(100).optional(),
  status: ClientStatusSchema.optional(),
  limit: LimitSchema,
  cursor: CursorSchema.optional(),
});
export type ListClientsQuery = z.infer<typeof ListClientsQuerySchema>;

export const ClientSummarySchema = z.object({
  id: UuidSchema,
  legalFirstName: z.string(),
  legalLastName: z.string(),
  preferredName: z.string().nullable(),
  pronouns: z.string().nullable(),
  dateOfBirth: z.string(),
  status: ClientStatusSchema,
});
export type ClientSummary = z.infer<typeof ClientSummarySchema>;

export const ClientListSchema = z.object({
  items: z.array(ClientSummarySchema),
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: z.string().nullable(),
});
export type ClientList = z.infer<typeof ClientListSchema>;

export const AssignedClinicianSchema = z.object({
  id: UuidSchema,
  firstName: z.string(),
  lastName: z.string(),
  credentials: z.string().nullable(),
  assignment: z.enum(['primary', 'secondary']),
});

export const ClientDetailSchema = ClientSummarySchema.extend({
  email: z.string().nullable(),
  phone: z.string().nullable(),
  clinicians: z.array(AssignedClinicianSchema),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type ClientDetail = z.infer<typeof ClientDetailSchema>;
