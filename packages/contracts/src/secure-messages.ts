import { z } from 'zod';
import { UuidSchema } from './common';

export const SECURE_MESSAGE_MAX_LENGTH = 5000;

/** What a client or a clinician writes; blank after trimming is refused. */
export const SendSecureMessageBodySchema = z.strictObject({
  body: z
    .string()
    .trim()
    .min(1, { message: 'must not be empty' })
    .max(SECURE_MESSAGE_MAX_LENGTH, { message: `must be at most ${SECURE_MESSAGE_MAX_LENGTH} characters` }),
});
export type SendSecureMessageBody = z.infer<typeof SendSecureMessageBodySchema>;

export const SecureMessageSchema = z.object({
  id: UuidSchema,
  senderKind: z.enum(['client', 'staff']),
  /**
   * The staff author's name ("Uma Reyes, LCSW") in a thread; null for the client's own messages
   * and in the answer to a send (the sender knows who they are).
   */
  senderName: z.string().nullable(),
  body: z.string(),
  createdAt: z.iso.datetime(),
  /** When the other side read it: the client for a staff message, the care team for the client's. */
  readAt: z.iso.datetime().nullable(),
});
export type SecureMessage = z.infer<typeof SecureMessageSchema>;

/** One page of a client's thread, oldest first (newest last); `before` asks for older messages. */
export const SecureMessageThreadSchema = z.object({
  clientId: UuidSchema,
  items: z.array(SecureMessageSchema),
  /** Pass as `before` to load older messages; null when this page reaches the first message. */
  olderBefore: UuidSchema.nullable(),
  /** Messages to the reader that they have not read yet. */
  unread: z.number().int().nonnegative(),
});
export type SecureMessageThread = z.infer<typeof SecureMessageThreadSchema>;

export const SecureMessageThreadQuerySchema = z.strictObject({
  before: UuidSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

/** A thread as the staff inbox lists it: who, when last, and how many unread from the client. */
export const SecureMessageThreadSummarySchema = z.object({
  clientId: UuidSchema,
  clientName: z.string(),
  lastMessageAt: z.iso.datetime(),
  lastSenderKind: z.enum(['client', 'staff']),
  unread: z.number().int().nonnegative(),
});
export type SecureMessageThreadSummary = z.infer<typeof SecureMessageThreadSummarySchema>;

/** The most recently active threads in the caller's reach (at most 100, newest first). */
export const SecureMessageThreadListSchema = z.object({
  items: z.array(SecureMessageThreadSummarySchema),
  /** Unread client messages across the listed threads. */
  unread: z.number().int().nonnegative(),
});
export type SecureMessageThreadList = z.infer<typeof SecureMessageThreadListSchema>;
