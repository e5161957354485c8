import {
  clientClinicians,
  clients,
  portalAccounts,
  secureMessages,
  users,
  type AppTransaction,
} from '@mentalspace/db';
import { and, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { AccessScope } from '../../security/access-scope';
import { messagesNeedCareTeamSeat } from '../../security/policy';
import { chartReach } from '../clients/service';

/** Whether the caller holds an active seat on the care team of the `clients` row in the query. */
const seatOnCareTeam = (scope: AccessScope) =>
  sql`exists (select 1 from ${clientClinicians} cc
    where cc.practice_id = ${clients}.practice_id and cc.client_id = ${clients}.id
      and cc.ended_at is null and cc.clinician_id = ${scope.actorUserId}::uuid)`;

/**
 * The threads the scope may read, as a where-clause on `clients`: the chart reach, narrowed for
 * practice-wide roles to the clients whose care team they sit on (policy: canReadMessages).
 */
function threadReach(scope: AccessScope): SQL {
  return messagesNeedCareTeamSeat(scope) ? and(chartReach(scope), seatOnCareTeam(scope))! : chartReach(scope);
}

/**
 * One round trip for everything a thread action needs to decide and to notify: whether the chart
 * is in reach (no row otherwise), whether the caller sits on the care team, both sides' unread
 * counts, the care team's clinicians and the client's active portal account.
 */
export async function findThread(tx: AppTransaction, scope: AccessScope, clientId: string) {
  const unreadBy = (side: 'client' | 'staff') =>
    sql<number>`(select count(*) from ${secureMessages} m
      where m.practice_id = ${clients}.practice_id and m.client_id = ${clients}.id
        and m.sender_kind = ${side === 'staff' ? 'client' : 'staff'}
        and ${sql.raw(side === 'staff' ? 'm.read_by_staff_at' : 'm.read_by_client_at')} is null)`.mapWith(
      Number,
    );
  const rows = await tx
    .select({
      id: clients.id,
      seated: sql<boolean>`${seatOnCareTeam(scope)}`,
      unreadByStaff: unreadBy('staff'),
      unreadByClient: unreadBy('client'),
      careTeam: sql<
        string[]
      >`(select coalesce(json_agg(cc.clinician_id), '[]'::json) from ${clientClinicians} cc
        where cc.practice_id = ${clients}.practice_id and cc.client_id = ${clients}.id and cc.ended_at is null)`,
      portalAccountId: sql<string | null>`(select pa.id from ${portalAccounts} pa
        where pa.practice_id = ${clients}.practice_id and pa.client_id = ${clients}.id and pa.status = 'active')`,
    })
    .from(clients)
    .where(and(chartReach(scope), eq(clients.id, clientId)))
    .limit(1);
  return rows[0] ?? null;
}

/**
 * One page of a thread, newest first (the service reverses it), one row more than asked to tell
 * whether older messages exist. `before` is a message id of the same thread.
 */
export async function listThreadPage(
  tx: AppTransaction,
  scope: AccessScope,
  clientId: string,
  page: { before?: string | undefined; limit: number },
) {
  const conditions = [
    eq(secureMessages.practiceId, scope.practiceId),
    eq(secureMessages.clientId, clientId),
    sql`exists (select 1 from ${clients} where ${clients.id} = ${secureMessages.clientId} and ${threadReach(scope)})`,
  ];
  if (page.before) {
    conditions.push(
      sql`(${secureMessages.createdAt}, ${secureMessages.id}) < (select b.created_at, b.id from ${secureMessages} b
        where b.id = ${page.before}::uuid and b.practice_id = ${scope.practiceId}::uuid and b.client_id = ${clientId}::uuid)`,
    );
  }
  return tx
    .select({
      id: secureMessages.id,
      senderKind: secureMessages.senderKind,
      senderFirstName: users.firstName,
      senderLastName: users.lastName,
      senderCredentials: users.credentials,
      body: secureMessages.body,
      createdAt: secureMessages.createdAt,
      readByClientAt: secureMessages.readByClientAt,
      readByStaffAt: secureMessages.readByStaffAt,
    })
    .from(secureMessages)
    .leftJoin(users, eq(users.id, secureMessages.senderUserId))
    .where(and(...conditions))
    .orderBy(desc(secureMessages.createdAt), desc(secureMessages.id))
    .limit(page.limit + 1);
}

export async function insertMessage(
  tx: AppTransaction,
  scope: AccessScope,
  message: {
    id: string;
    clientId: string;
    senderKind: 'client' | 'staff';
    senderUserId: string | null;
    body: string;
  },
) {
  const [row] = await tx
    .insert(secureMessages)
    .values({ ...message, practiceId: scope.practiceId })
    .returning({ createdAt: secureMessages.createdAt });
  return row!;
}

/** Marks the other side's messages read by `reader`; returns how many were unread. */
export async function markThreadRead(
  tx: AppTransaction,
  scope: AccessScope,
  clientId: string,
  reader: 'client' | 'staff',
) {
  const column = reader === 'client' ? secureMessages.readByClientAt : secureMessages.readByStaffAt;
  const rows = await tx
    .update(secureMessages)
    .set(reader === 'client' ? { readByClientAt: sql`now()` } : { readByStaffAt: sql`now()` })
    .where(
      and(
        eq(secureMessages.practiceId, scope.practiceId),
        eq(secureMessages.clientId, clientId),
        eq(secureMessages.senderKind, reader === 'client' ? 'staff' : 'client'),
        isNull(column),
      ),
    )
    .returning({ id: secureMessages.id });
  return rows.length;
}

/**
 * The staff inbox: the most recently active threads in reach, with the client's unread messages,
 * in one statement whatever the number of messages or threads.
 */
export async function listThreads(tx: AppTransaction, scope: AccessScope, limit: number) {
  const lastAt = sql`max(${secureMessages.createdAt})`;
  return tx
    .select({
      clientId: clients.id,
      clientName: sql<string>`coalesce(${clients.preferredName}, ${clients.legalFirstName}) || ' ' || ${clients.legalLastName}`,
      lastMessageAt: lastAt.mapWith(secureMessages.createdAt),
      lastSenderKind: sql<'client' | 'staff'>`(array_agg(${secureMessages.senderKind}
        order by ${secureMessages.createdAt} desc, ${secureMessages.id} desc))[1]`,
      unread: sql<number>`count(*) filter (where ${secureMessages.senderKind} = 'client'
        and ${secureMessages.readByStaffAt} is null)`.mapWith(Number),
    })
    .from(secureMessages)
    .innerJoin(
      clients,
      and(eq(clients.id, secureMessages.clientId), eq(clients.practiceId, secureMessages.practiceId)),
    )
    .where(and(eq(secureMessages.practiceId, scope.practiceId), threadReach(scope)))
    .groupBy(clients.id)
    .orderBy(desc(lastAt), clients.id)
    .limit(limit);
}
