import {
  appointments,
  clients,
  practices,
  clinicalNotes,
  noteAddenda,
  noteRevisions,
  supervisions,
  users,
  type AppTransaction,
} from '@mentalspace/db';
import { and, asc, desc, eq, ne, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { AccessScope } from '../../security/access-scope';
import { chartReach } from '../clients/service';

const cosigners = alias(users, 'cosigner');

/** Note rows the scope reaches: notes on the charts of clients in reach. */
function notesInReach(scope: AccessScope): SQL {
  return and(
    eq(clinicalNotes.practiceId, scope.practiceId),
    sql`exists (select 1 from ${clients} where ${clients.id} = ${clinicalNotes.clientId} and ${chartReach(scope)})`,
  )!;
}

const summaryColumns = {
  id: clinicalNotes.id,
  clientId: clinicalNotes.clientId,
  clientName: sql<string>`(select coalesce(${clients.preferredName}, ${clients.legalFirstName}) || ' ' || ${clients.legalLastName}
    from ${clients} where ${clients.id} = ${clinicalNotes.clientId})`,
  type: clinicalNotes.type,
  template: clinicalNotes.template,
  status: clinicalNotes.status,
  serviceDate: clinicalNotes.serviceDate,
  appointmentId: clinicalNotes.appointmentId,
  authorId: clinicalNotes.authorId,
  authorName: sql<string>`${users.firstName} || ' ' || ${users.lastName}`,
  signedAt: clinicalNotes.signedAt,
  cosignerName: sql<string | null>`${cosigners.firstName} || ' ' || ${cosigners.lastName}`,
  cosignedAt: clinicalNotes.cosignedAt,
  returnedComment: clinicalNotes.returnedComment,
  addendaCount: sql<number>`(select count(*)::int from ${noteAddenda} a
    where a.practice_id = ${clinicalNotes.practiceId} and a.note_id = ${clinicalNotes.id})`,
  version: clinicalNotes.version,
  updatedAt: clinicalNotes.updatedAt,
};

function selectSummaries(tx: AppTransaction) {
  return tx
    .select(summaryColumns)
    .from(clinicalNotes)
    .innerJoin(users, eq(users.id, clinicalNotes.authorId))
    .leftJoin(cosigners, eq(cosigners.id, clinicalNotes.cosignerId));
}

export type NoteSummaryRow = Awaited<ReturnType<typeof listClientNotes>>[number];

/** A chart's notes, newest date of service first, by keyset: every page costs the same. */
export async function listClientNotes(
  tx: AppTransaction,
  scope: AccessScope,
  clientId: string,
  filter: { type?: string | undefined; limit: number; after?: [string, string] | undefined },
) {
  const conditions = [notesInReach(scope), eq(clinicalNotes.clientId, clientId)];
  if (filter.type) conditions.push(eq(clinicalNotes.type, filter.type));
  if (filter.after) {
    conditions.push(
      sql`(${clinicalNotes.serviceDate}, ${clinicalNotes.id}) < (${filter.after[0]}::date, ${filter.after[1]}::uuid)`,
    );
  }
  return selectSummaries(tx)
    .where(and(...conditions))
    .orderBy(desc(clinicalNotes.serviceDate), desc(clinicalNotes.id))
    .limit(filter.limit + 1);
}

/** One note with its content (still sealed), if the scope reaches it; locked for update on request. */
export async function findNote(tx: AppTransaction, scope: AccessScope, id: string, lock = false) {
  const q = tx
    .select({ ...summaryColumns, content: clinicalNotes.content, signatureHash: clinicalNotes.signatureHash })
    .from(clinicalNotes)
    .innerJoin(users, eq(users.id, clinicalNotes.authorId))
    .leftJoin(cosigners, eq(cosigners.id, clinicalNotes.cosignerId))
    .where(and(notesInReach(scope), eq(clinicalNotes.id, id)))
    .limit(1);
  const rows = lock ? await q.for('update', { of: clinicalNotes }) : await q;
  return rows[0] ?? null;
}
export type NoteRow = NonNullable<Awaited<ReturnType<typeof findNote>>>;

export async function insertNote(
  tx: AppTransaction,
  scope: AccessScope,
  values: Omit<typeof clinicalNotes.$inferInsert, 'practiceId' | 'authorId'> & { id: string },
) {
  await tx
    .insert(clinicalNotes)
    .values({ ...values, practiceId: scope.practiceId, authorId: scope.actorUserId });
}

/** Saves a draft if it is still at `version`; false when someone saved in between. */
export async function updateDraft(
  tx: AppTransaction,
  scope: AccessScope,
  id: string,
  version: number,
  values: { content: string; serviceDate?: string | undefined },
) {
  const rows = await tx
    .update(clinicalNotes)
    .set({ ...values, version: sql`${clinicalNotes.version} + 1`, updatedAt: new Date() })
    .where(
      and(
        eq(clinicalNotes.practiceId, scope.practiceId),
        eq(clinicalNotes.id, id),
        eq(clinicalNotes.version, version),
        eq(clinicalNotes.status, 'draft'),
      ),
    )
    .returning({ version: clinicalNotes.version });
  return rows[0]?.version ?? null;
}

export async function setNoteState(
  tx: AppTransaction,
  scope: AccessScope,
  id: string,
  values: Partial<
    Pick<
      typeof clinicalNotes.$inferInsert,
      'status' | 'signedAt' | 'signatureHash' | 'cosignerId' | 'cosignedAt' | 'returnedComment'
    >
  >,
) {
  await tx
    .update(clinicalNotes)
    .set({ ...values, version: sql`${clinicalNotes.version} + 1`, updatedAt: new Date() })
    .where(and(eq(clinicalNotes.practiceId, scope.practiceId), eq(clinicalNotes.id, id)));
}

export async function insertRevision(
  tx: AppTransaction,
  scope: AccessScope,
  values: Omit<typeof noteRevisions.$inferInsert, 'practiceId' | 'byUserId'>,
) {
  await tx
    .insert(noteRevisions)
    .values({ ...values, practiceId: scope.practiceId, byUserId: scope.actorUserId });
}

export async function insertAddendum(
  tx: AppTransaction,
  scope: AccessScope,
  values: Omit<typeof noteAddenda.$inferInsert, 'practiceId' | 'authorId'> & { id: string },
) {
  await tx
    .insert(noteAddenda)
    .values({ ...values, practiceId: scope.practiceId, authorId: scope.actorUserId });
}

/** A note's addenda and signed revisions, oldest first: two statements whatever their number. */
export async function noteHistory(tx: AppTransaction, scope: AccessScope, noteId: string) {
  const name = sql<string>`${users.firstName} || ' ' || ${users.lastName}`;
  const [addenda, revisions] = [
    await tx
      .select({
        id: noteAddenda.id,
        authorName: name,
        body: noteAddenda.body,
        contentHash: noteAddenda.contentHash,
        createdAt: noteAddenda.createdAt,
      })
      .from(noteAddenda)
      .innerJoin(users, eq(users.id, noteAddenda.authorId))
      .where(and(eq(noteAddenda.practiceId, scope.practiceId), eq(noteAddenda.noteId, noteId)))
      .orderBy(asc(noteAddenda.createdAt), asc(noteAddenda.id)),
    await tx
      .select({
        id: noteRevisions.id,
        event: noteRevisions.event,
        byName: name,
        contentHash: noteRevisions.contentHash,
        comment: noteRevisions.comment,
        createdAt: noteRevisions.createdAt,
      })
      .from(noteRevisions)
      .innerJoin(users, eq(users.id, noteRevisions.byUserId))
      .where(and(eq(noteRevisions.practiceId, scope.practiceId), eq(noteRevisions.noteId, noteId)))
      .orderBy(asc(noteRevisions.createdAt), asc(noteRevisions.id)),
  ];
  return { addenda, revisions };
}

/** The active supervisors of a staff member (whose signature a supervisee's note needs). */
export async function supervisorsOf(tx: AppTransaction, scope: AccessScope, userId: string) {
  const rows = await tx
    .select({ id: supervisions.supervisorId })
    .from(supervisions)
    .where(
      and(
        eq(supervisions.practiceId, scope.practiceId),
        eq(supervisions.superviseeId, userId),
        eq(supervisions.active, true),
      ),
    );
  return rows.map((r) => r.id);
}

/**
 * The notes-due queue from the partial indexes: the caller's unsigned notes, and the notes of
 * their active supervisees awaiting a co-signature. Two statements, however long the queues.
 */
export async function notesDue(tx: AppTransaction, scope: AccessScope, deadlineHours: number) {
  // Due `deadlineHours` after the session ended (or, without an appointment, after the end of
  // the day of service in the practice's time zone).
  const overdue = sql<boolean>`coalesce(
      (select ${appointments.endsAt} from ${appointments} where ${appointments.id} = ${clinicalNotes.appointmentId}),
      (${clinicalNotes.serviceDate} + 1)::timestamp at time zone
        (select ${practices.timeZone} from ${practices} where ${practices.id} = ${clinicalNotes.practiceId})
    ) + make_interval(hours => ${deadlineHours}) < now()`;
  const selectDue = () =>
    tx
      .select({ ...summaryColumns, overdue })
      .from(clinicalNotes)
      .innerJoin(users, eq(users.id, clinicalNotes.authorId))
      .leftJoin(cosigners, eq(cosigners.id, clinicalNotes.cosignerId));
  const mine = await selectDue()
    .where(
      and(
        eq(clinicalNotes.practiceId, scope.practiceId),
        eq(clinicalNotes.authorId, scope.actorUserId),
        ne(clinicalNotes.status, 'signed'),
      ),
    )
    .orderBy(asc(clinicalNotes.serviceDate), asc(clinicalNotes.id))
    .limit(200);
  const toCosign = await selectDue()
    .where(
      and(
        eq(clinicalNotes.practiceId, scope.practiceId),
        eq(clinicalNotes.status, 'awaiting_cosign'),
        sql`${clinicalNotes.authorId} in (select s.supervisee_id from ${supervisions} s
          where s.practice_id = ${scope.practiceId} and s.supervisor_id = ${scope.actorUserId}::uuid and s.active)`,
      ),
    )
    .orderBy(asc(clinicalNotes.serviceDate), asc(clinicalNotes.id))
    .limit(200);
  return { mine, toCosign };
}
