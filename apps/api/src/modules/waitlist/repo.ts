import {
  clients,
  practices,
  users,
  waitlistEntries,
  waitlistOffers,
  type AppTransaction,
  type Database,
} from '@mentalspace/db';
import { and, asc, eq, inArray, ne, sql, type SQL } from 'drizzle-orm';
import type { AccessScope } from '../../security/access-scope';

const clientName = sql<string>`coalesce(${clients.preferredName}, ${clients.legalFirstName}) || ' ' || ${clients.legalLastName}`;

export async function insertEntry(tx: AppTransaction, values: typeof waitlistEntries.$inferInsert) {
  const [row] = await tx.insert(waitlistEntries).values(values).returning();
  return row!;
}

/** Waiting entries (by priority, then first come) of clients in reach, with each one's latest offer. */
export async function listEntries(
  tx: AppTransaction,
  scope: AccessScope,
  reach: SQL,
  status: 'waiting' | 'booked' | 'removed',
) {
  return tx
    .select({
      id: waitlistEntries.id,
      clientId: waitlistEntries.clientId,
      clientName,
      clinicianIds: waitlistEntries.clinicianIds,
      weekdays: waitlistEntries.weekdays,
      earliestMinute: waitlistEntries.earliestMinute,
      latestMinute: waitlistEntries.latestMinute,
      modality: waitlistEntries.modality,
      priority: waitlistEntries.priority,
      note: waitlistEntries.note,
      status: waitlistEntries.status,
      createdAt: waitlistEntries.createdAt,
      lastOffer: sql<{ status: 'offered' | 'claimed' | 'gone' | 'expired'; startsAt: string } | null>`(select
        json_build_object('status', case when o.status = 'offered' and o.expires_at < now() then 'expired' else o.status::text end,
          'startsAt', to_char(o.starts_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
        from ${waitlistOffers} o where o.practice_id = ${waitlistEntries.practiceId} and o.entry_id = ${waitlistEntries.id}
        order by o.created_at desc limit 1)`,
    })
    .from(waitlistEntries)
    .innerJoin(
      clients,
      and(eq(clients.practiceId, waitlistEntries.practiceId), eq(clients.id, waitlistEntries.clientId)),
    )
    .where(and(eq(waitlistEntries.practiceId, scope.practiceId), eq(waitlistEntries.status, status), reach))
    .orderBy(asc(waitlistEntries.priority), asc(waitlistEntries.createdAt))
    .limit(500);
}

export async function setEntryStatus(
  tx: AppTransaction,
  scope: AccessScope,
  id: string,
  status: 'waiting' | 'booked' | 'removed',
) {
  const rows = await tx
    .update(waitlistEntries)
    .set({ status })
    .where(
      and(
        eq(waitlistEntries.practiceId, scope.practiceId),
        eq(waitlistEntries.id, id),
        ne(waitlistEntries.status, status),
      ),
    )
    .returning({ id: waitlistEntries.id, clientId: waitlistEntries.clientId });
  return rows[0] ?? null;
}

export async function findEntry(tx: AppTransaction, scope: AccessScope, id: string) {
  const rows = await tx
    .select()
    .from(waitlistEntries)
    .where(and(eq(waitlistEntries.practiceId, scope.practiceId), eq(waitlistEntries.id, id)))
    .limit(1);
  return rows[0] ?? null;
}

/**
 * Waiting clients who would take this opening, most urgent first: one statement however long the
 * waitlist is. The slot's weekday and time of day are read in the clinician's zone; clients with
 * an unexpired offer elsewhere or without an address for their channel are passed over.
 */
export async function matchingEntries(
  tx: AppTransaction,
  scope: AccessScope,
  slot: { clinicianId: string; startsAt: Date; endsAt: Date; modality: 'in_person' | 'telehealth' },
  limit: number,
) {
  const zone = sql`(select time_zone from ${users} where id = ${slot.clinicianId})`;
  const local = sql`(${slot.startsAt}::timestamptz at time zone ${zone})`;
  const minutes = Math.round((slot.endsAt.getTime() - slot.startsAt.getTime()) / 60_000);
  return tx
    .select({
      entryId: waitlistEntries.id,
      clientId: waitlistEntries.clientId,
      email: clients.email,
      phone: clients.phone,
      channel: clients.reminderChannel,
    })
    .from(waitlistEntries)
    .innerJoin(
      clients,
      and(eq(clients.practiceId, waitlistEntries.practiceId), eq(clients.id, waitlistEntries.clientId)),
    )
    .where(
      and(
        eq(waitlistEntries.practiceId, scope.practiceId),
        eq(waitlistEntries.status, 'waiting'),
        eq(clients.status, 'active'),
        sql`(cardinality(${waitlistEntries.clinicianIds}) = 0 or ${slot.clinicianId}::uuid = any(${waitlistEntries.clinicianIds}))`,
        sql`(cardinality(${waitlistEntries.weekdays}) = 0 or extract(isodow from ${local})::smallint = any(${waitlistEntries.weekdays}))`,
        sql`${waitlistEntries.earliestMinute} <= extract(hour from ${local})::int * 60 + extract(minute from ${local})::int`,
        sql`${waitlistEntries.latestMinute} >= extract(hour from ${local})::int * 60 + extract(minute from ${local})::int + ${minutes}`,
        sql`(${waitlistEntries.modality} is null or ${waitlistEntries.modality} = ${slot.modality})`,
        sql`(${clients.email} is not null or ${clients.phone} is not null)`,
        sql`not exists (select 1 from ${waitlistOffers} o where o.practice_id = ${waitlistEntries.practiceId}
          and o.entry_id = ${waitlistEntries.id} and o.status = 'offered' and o.expires_at > now())`,
      ),
    )
    .orderBy(asc(waitlistEntries.priority), asc(waitlistEntries.createdAt))
    .limit(limit);
}

export async function insertOffers(tx: AppTransaction, rows: (typeof waitlistOffers.$inferInsert)[]) {
  if (rows.length === 0) return [];
  return tx.insert(waitlistOffers).values(rows).returning();
}

/** Names for the offer message: the practice and the clinician (never the client's). */
export async function offerNames(tx: AppTransaction, scope: AccessScope, clinicianId: string) {
  const rows = await tx
    .select({
      practiceName: practices.name,
      clinicianName: sql<string>`${users.firstName} || ' ' || ${users.lastName}`,
      timeZone: users.timeZone,
    })
    .from(users)
    .innerJoin(practices, eq(practices.id, users.practiceId))
    .where(and(eq(users.practiceId, scope.practiceId), eq(users.id, clinicianId)));
  return rows[0]!;
}

/** The offer a claim link names (across practices: the link carries no practice). */
export async function unsafeFindOfferByToken(database: Database, tokenHash: string) {
  const rows = await database.unsafeOwner
    .select({
      id: waitlistOffers.id,
      practiceId: waitlistOffers.practiceId,
      clientId: waitlistOffers.clientId,
    })
    .from(waitlistOffers)
    .where(eq(waitlistOffers.tokenHash, tokenHash))
    .limit(1);
  return rows[0] ?? null;
}

/** Every offer of an opening, locked in id order so that concurrent claims queue, not deadlock. */
export async function lockOpening(tx: AppTransaction, scope: AccessScope, openingId: string) {
  return tx
    .select()
    .from(waitlistOffers)
    .where(and(eq(waitlistOffers.practiceId, scope.practiceId), eq(waitlistOffers.openingId, openingId)))
    .orderBy(asc(waitlistOffers.id))
    .for('update');
}

export async function findOffer(tx: AppTransaction, scope: AccessScope, id: string) {
  const rows = await tx
    .select()
    .from(waitlistOffers)
    .where(and(eq(waitlistOffers.practiceId, scope.practiceId), eq(waitlistOffers.id, id)))
    .limit(1);
  return rows[0] ?? null;
}

export async function setOfferStatus(
  tx: AppTransaction,
  scope: AccessScope,
  ids: readonly string[],
  status: 'claimed' | 'gone' | 'expired',
  appointmentId: string | null = null,
) {
  if (ids.length === 0) return;
  await tx
    .update(waitlistOffers)
    .set({ status, ...(appointmentId ? { appointmentId } : {}) })
    .where(and(eq(waitlistOffers.practiceId, scope.practiceId), inArray(waitlistOffers.id, [...ids])));
}

/** Contact details of the clients behind some offers (for the "it is gone" notice). */
export async function offerContacts(tx: AppTransaction, scope: AccessScope, clientIds: readonly string[]) {
  if (clientIds.length === 0) return [];
  return tx
    .select({ id: clients.id, email: clients.email, phone: clients.phone, channel: clients.reminderChannel })
    .from(clients)
    .where(and(eq(clients.practiceId, scope.practiceId), inArray(clients.id, [...clientIds])));
}
