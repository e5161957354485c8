import { z } from 'zod';
import { UuidSchema } from './common';

const DateSchema = z.iso.date({ message: 'must be a date (YYYY-MM-DD)' });
const optional = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((s) => (s === '' ? null : s))
    .nullable()
    .optional();

export const ContactKindSchema = z.enum(['emergency', 'guardian', 'other']);

export const ContactBodySchema = z
  .strictObject({
    kind: ContactKindSchema,
    name: z.string().trim().min(1).max(200),
    relationship: z.string().trim().min(1).max(100),
    phone: optional(40),
    email: z
      .email({ message: 'must be an e-mail address' })
      .max(254)
      .nullable()
      .optional()
      .or(z.literal('').transform(() => null)),
  })
  .refine((c) => c.phone || c.email, {
    path: ['phone'],
    message: 'give a phone number or an e-mail address',
  });
export type ContactBody = z.input<typeof ContactBodySchema>;

export const ContactSchema = z.object({
  id: UuidSchema,
  kind: ContactKindSchema,
  name: z.string(),
  relationship: z.string(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
});
export const ContactListSchema = z.object({ items: z.array(ContactSchema) });
export const ContactParamsSchema = z.strictObject({ id: UuidSchema, contactId: UuidSchema });

export const PolicyPrioritySchema = z.enum(['primary', 'secondary', 'tertiary']);
export const SubscriberRelationshipSchema = z.enum(['self', 'spouse', 'child', 'other']);

/** Member ids as printed on cards: letters, digits, and the dashes and spaces some payers use. */
export const MemberIdSchema = z
  .string()
  .trim()
  .min(2)
  .max(40)
  .regex(/^[A-Za-z0-9][A-Za-z0-9 -]*$/, 'must be letters and digits as printed on the card');

export const InsuranceBodySchema = z
  .strictObject({
    payerName: z.string().trim().min(1).max(200),
    payerId: optional(40),
    memberId: MemberIdSchema,
    groupNumber: optional(40),
    subscriberName: z.string().trim().min(1).max(200),
    subscriberRelationship: SubscriberRelationshipSchema,
    priority: PolicyPrioritySchema,
    effectiveFrom: DateSchema.nullable().optional(),
    effectiveTo: DateSchema.nullable().optional(),
  })
  .refine((b) => !b.effectiveFrom || !b.effectiveTo || b.effectiveTo >= b.effectiveFrom, {
    path: ['effectiveTo'],
    message: 'must not be before the start date',
  });
export type InsuranceBody = z.input<typeof InsuranceBodySchema>;

export const InsurancePolicySchema = z.object({
  id: UuidSchema,
  payerName: z.string(),
  payerId: z.string().nullable(),
  memberId: z.string(),
  groupNumber: z.string().nullable(),
  subscriberName: z.string(),
  subscriberRelationship: SubscriberRelationshipSchema,
  priority: PolicyPrioritySchema,
  effectiveFrom: z.string().nullable(),
  effectiveTo: z.string().nullable(),
  active: z.boolean(),
});
export type InsurancePolicy = z.infer<typeof InsurancePolicySchema>;
export const InsurancePolicyListSchema = z.object({ items: z.array(InsurancePolicySchema) });
export const InsuranceParamsSchema = z.strictObject({ id: UuidSchema, policyId: UuidSchema });

export const MemberLookupQuerySchema = z.strictObject({ memberId: MemberIdSchema });
export const MemberLookupSchema = z.object({
  items: z.array(
    z.object({
      clientId: UuidSchema,
      clientName: z.string(),
      payerName: z.string(),
      priority: PolicyPrioritySchema,
    }),
  ),
});

/** Member ids compare without case, spaces or dashes: "abc 123-45" is "ABC12345". */
export const normalizeMemberId = (memberId: string) => memberId.replace(/[\s-]/g, '').toUpperCase();
