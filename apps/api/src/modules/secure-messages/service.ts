import type {
  SecureMessage,
  SecureMessageThread,
  SecureMessageThreadList,
  SecureMessageThreadQuerySchema,
} from '@mentalspace/contracts';
import type { AppTransaction } from '@mentalspace/db';
import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import { AppError, notFound } from '../../app-error';
import { writeAudit } from '../../audit/audit-writer';
import type { ServiceContext } from '../../plugins/authenticate';
import type { PhiCipher } from '../../security/encryption/phi-cipher';
import { canReadMessages, messagesNeedCareTeamSeat } from '../../security/policy';
import { findThread, insertMessage, listThreadPage, listThreads, markThreadRead } from './repo';

/** Where a body is bound (AAD): a ciphertext moved to another message or column does not open. */
export const boundBody = (messageId: string) => `secure_messages:body:${messageId}`;

/** The staff inbox shows the most recently active threads; older ones open from the chart. */
const THREAD_LIST_LIMIT = 100;

type Reader = 'client' | 'staff';
type ThreadRow = NonNullable<Awaited<ReturnType<typeof findThread>>>;
type Access = { thread: ThreadRow; clientId: string; reader: Reader } | 'not_found' | 'forbidden';

const readerOf = (ctx: ServiceContext): Reader => (ctx.scope.actorRole === 'client' ? 'client' : 'staff');

/**
 * Decides, inside the caller's transaction, whether they may use this thread; a refusal is audited
 * there too. Out of chart reach (another practice, another caseload) is not found; a role that
 * does not read messages, or a practice-wide role off the care team, is refused.
 */
async function openThread(
  tx: AppTransaction,
  ctx: ServiceContext,
  clientId: string,
  action: `secure_message.${string}`,
): Promise<Access> {
  const reader = readerOf(ctx);
  const deny = async (outcome: 'not_found' | 'forbidden', knownClient: string | null) => {
    await writeAudit(tx, ctx.scope, ctx.audit, {
      action,
      resourceType: 'secure_message_thread',
      resourceId: clientId,
      clientId: knownClient,
      outcome: 'denied',
    });
    return outcome;
  };
  if (reader === 'staff' && !canReadMessages(ctx.scope)) return deny('forbidden', null);
  const thread = await findThread(tx, ctx.scope, clientId);
  if (!thread) return deny('not_found', null);
  if (reader === 'staff' && messagesNeedCareTeamSeat(ctx.scope) && !thread.seated)
    return deny('forbidden', clientId);
  return { thread, clientId, reader };
}

function unwrap<T extends object>(outcome: T | 'not_found' | 'forbidden'): T {
  if (outcome === 'not_found') throw notFound('Client');
  if (outcome === 'forbidden')
    throw new AppError('forbidden', "Secure messages are read by the client's care team only");
  return outcome;
}

/** The signed-in portal client's own chart: never anything from the request. */
export function portalClientId(ctx: ServiceContext): string {
  if (ctx.scope.clients.kind !== 'self')
    throw new AppError('forbidden', 'This endpoint is for the client portal');
  return ctx.scope.clients.clientId;
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** A page of the thread, oldest first (newest last), with the reader's unread count. */
export async function readThread(
  ctx: ServiceContext,
  phi: PhiCipher,
  clientId: string,
  page: z.output<typeof SecureMessageThreadQuerySchema>,
): Promise<SecureMessageThread> {
  const result = await ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
    const access = await openThread(tx, ctx, clientId, 'secure_message.read');
    if (typeof access === 'string') return access;
    const rows = await listThreadPage(tx, ctx.scope, clientId, page);
    const shown = rows.slice(0, page.limit);
    await writeAudit(tx, ctx.scope, ctx.audit, {
      action: 'secure_message.read',
      resourceType: 'secure_message_thread',
      resourceId: clientId,
      clientId,
      details: { messages: shown.length },
    });
    return { ...access, rows, shown };
  });
  const { thread, reader, rows, shown } = unwrap(result);
  const items: SecureMessage[] = shown.reverse().map((row) => ({
    id: row.id,
    senderKind: row.senderKind,
    senderName:
      row.senderKind === 'staff' && row.senderFirstName
        ? `${row.senderFirstName} ${row.senderLastName ?? ''}${row.senderCredentials ? `, ${row.senderCredentials}` : ''}`
        : null,
    body: phi.decrypt(row.body, boundBody(row.id)),
    createdAt: row.createdAt.toISOString(),
    readAt: iso(row.senderKind === 'client' ? row.readByStaffAt : row.readByClientAt),
  }));
  return {
    clientId,
    items,
    olderBefore: rows.length > page.limit ? (items[0]?.id ?? null) : null,
    unread: reader === 'client' ? thread.unreadByClient : thread.unreadByStaff,
  };
}

/**
 * Adds a message to the client's thread (sealed, audited without its body), then tells the other
 * side once the transaction has committed: a client's message reaches the care team's clinicians;
 * a reply reaches the client's portal and the rest of the care team.
 */
export async function sendMessage(
  ctx: ServiceContext,
  phi: PhiCipher,
  clientId: string,
  body: string,
): Promise<SecureMessage> {
  const id = uuidv7();
  const result = await ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
    const access = await openThread(tx, ctx, clientId, 'secure_message.send');
    if (typeof access === 'string') return access;
    const senderKind = access.reader;
    const { createdAt } = await insertMessage(tx, ctx.scope, {
      id,
      clientId,
      senderKind,
      senderUserId: senderKind === 'staff' ? ctx.scope.actorUserId : null,
      body: phi.encrypt(body, boundBody(id)),
    });
    await writeAudit(tx, ctx.scope, ctx.audit, {
      action: 'secure_message.send',
      resourceType: 'secure_message',
      resourceId: id,
      clientId,
      details: { senderKind },
    });
    return { ...access, createdAt };
  });
  const { thread, reader, createdAt } = unwrap(result);
  const colleagues = thread.careTeam.filter((userId) => userId !== ctx.scope.actorUserId);
  const recipients =
    reader === 'client'
      ? colleagues
      : [...colleagues, ...(thread.portalAccountId ? [thread.portalAccountId] : [])];
  ctx.realtime?.toUsers(recipients, 'messages.new', { clientId });
  return {
    id,
    senderKind: reader,
    senderName: null,
    body,
    createdAt: createdAt.toISOString(),
    readAt: null,
  };
}

/** Marks the other side's messages in the thread read by the caller's side; audited. */
export async function markRead(ctx: ServiceContext, clientId: string): Promise<void> {
  unwrap(
    await ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
      const access = await openThread(tx, ctx, clientId, 'secure_message.mark_read');
      if (typeof access === 'string') return access;
      const marked = await markThreadRead(tx, ctx.scope, clientId, access.reader);
      await writeAudit(tx, ctx.scope, ctx.audit, {
        action: 'secure_message.mark_read',
        resourceType: 'secure_message_thread',
        resourceId: clientId,
        clientId,
        details: { marked },
      });
      return access;
    }),
  );
}

/** The staff inbox: threads in the caller's messaging reach, most recent first, with unread counts. */
export async function listInbox(ctx: ServiceContext): Promise<SecureMessageThreadList> {
  const rows = await ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
    if (!canReadMessages(ctx.scope)) {
      await writeAudit(tx, ctx.scope, ctx.audit, {
        action: 'secure_message.threads_listed',
        resourceType: 'secure_message_thread',
        outcome: 'denied',
      });
      return null;
    }
    const threads = await listThreads(tx, ctx.scope, THREAD_LIST_LIMIT);
    await writeAudit(tx, ctx.scope, ctx.audit, {
      action: 'secure_message.threads_listed',
      resourceType: 'secure_message_thread',
      details: { threads: threads.length },
    });
    return threads;
  });
  if (!rows) throw new AppError('forbidden', "Secure messages are read by the client's care team only");
  return {
    items: rows.map((row) => ({ ...row, lastMessageAt: row.lastMessageAt.toISOString() })),
    unread: rows.reduce((sum, row) => sum + row.unread, 0),
  };
}
