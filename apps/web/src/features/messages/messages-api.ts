import {
  SecureMessageSchema,
  SecureMessageThreadListSchema,
  SecureMessageThreadSchema,
} from '@mentalspace/contracts';
import { z } from 'zod';
import { post, request } from '../../lib/api';

const id = encodeURIComponent;

/** Secure messaging endpoints, typed by the shared contracts. Query keys all start with 'messages'. */
export const messagesApi = {
  threads: () => request(SecureMessageThreadListSchema, '/messages/threads'),
  thread: (clientId: string) => request(SecureMessageThreadSchema, `/clients/${id(clientId)}/messages`),
  reply: (clientId: string, body: string) =>
    post(SecureMessageSchema, `/clients/${id(clientId)}/messages`, { body }),
  markRead: (clientId: string) => post(z.null(), `/clients/${id(clientId)}/messages/read`),
  portalThread: () => request(SecureMessageThreadSchema, '/portal/messages'),
  portalSend: (body: string) => post(SecureMessageSchema, '/portal/messages', { body }),
  portalMarkRead: () => post(z.null(), '/portal/messages/read'),
};

export const messageKeys = {
  threads: ['messages', 'threads'] as const,
  thread: (clientId: string) => ['messages', 'thread', clientId] as const,
  portal: ['messages', 'portal'] as const,
};

/** Roles that read secure messages (the server decides per client; this only shapes navigation). */
export const READS_MESSAGES = new Set(['owner', 'admin', 'clinician', 'supervisor']);
