import { z } from 'zod';
import { UuidSchema } from './common';

/**
 * The consent documents a client signs, versioned: a new wording is a new version, and a signature
 * records the version and a SHA-256 of the exact text the client saw. Practices will edit their own
 * wording later; these are the defaults every practice starts with.
 */
export const CONSENT_DOCUMENTS = {
  informed_consent: {
    title: 'Informed consent for treatment',
    version: 1,
    text: [
      'I consent to outpatient mental health services with this practice.',
      'I understand that therapy has benefits and risks, that I may stop at any time, and that my clinician will discuss the treatment plan, its goals and alternatives with me.',
      'What I share is confidential, except where the law requires or permits disclosure: risk of serious harm to myself or others, suspected abuse or neglect of a child, elder or dependent adult, a court order, or as described in the Notice of Privacy Practices.',
      'I understand the practice’s policies on fees, late cancellation and missed appointments, and how to reach help in a crisis (call or text 988, or 911).',
    ].join('\n\n'),
  },
  telehealth_consent: {
    title: 'Consent to telehealth',
    version: 1,
    text: [
      'I consent to receive services by secure video when my clinician and I agree it is appropriate.',
      'I will join from a private place, and I understand that technology can fail; if the call drops, my clinician will try to reconnect and then call me by phone.',
      'Sessions are not recorded. In an emergency during a session, my clinician may contact emergency services at the location I gave at the start of the session.',
    ].join('\n\n'),
  },
  privacy_notice: {
    title: 'Acknowledgement of the Notice of Privacy Practices',
    version: 1,
    text: [
      'I acknowledge that I have received, or been offered, the practice’s Notice of Privacy Practices, which describes how my health information may be used and disclosed and how I can get access to it.',
      'I understand that I may ask for restrictions, for confidential communications, for an accounting of disclosures, and to amend my record.',
    ].join('\n\n'),
  },
} as const;

export type ConsentDocumentId = keyof typeof CONSENT_DOCUMENTS;
export const ConsentDocumentIdSchema = z.enum(
  Object.keys(CONSENT_DOCUMENTS) as [ConsentDocumentId, ...ConsentDocumentId[]],
);

export const SignConsentBodySchema = z.strictObject({
  documentId: ConsentDocumentIdSchema,
  /** The version the signer read: a newer one in between answers 409, so nobody signs unseen text. */
  documentVersion: z.number().int().min(1),
  /** The signer's typed full name, as their signature. */
  signerName: z.string().trim().min(2).max(200),
  signerRelationship: z.enum(['self', 'guardian']).default('self'),
});
export type SignConsentBody = z.input<typeof SignConsentBodySchema>;

export const ConsentSchema = z.object({
  id: UuidSchema,
  documentId: ConsentDocumentIdSchema,
  documentVersion: z.number().int(),
  documentHash: z.string(),
  signerName: z.string(),
  signerRelationship: z.enum(['self', 'guardian']),
  method: z.enum(['portal', 'in_office']),
  signedAt: z.iso.datetime(),
  revokedAt: z.iso.datetime().nullable(),
});
export type Consent = z.infer<typeof ConsentSchema>;

export const ConsentStatusSchema = z.object({
  /** Every document, with the client's current signature of its current version, if any. */
  documents: z.array(
    z.object({
      documentId: ConsentDocumentIdSchema,
      title: z.string(),
      version: z.number().int(),
      signed: ConsentSchema.nullable(),
    }),
  ),
  history: z.array(ConsentSchema),
});
export type ConsentStatus = z.infer<typeof ConsentStatusSchema>;
export const ConsentParamsSchema = z.strictObject({ id: UuidSchema, consentId: UuidSchema });
