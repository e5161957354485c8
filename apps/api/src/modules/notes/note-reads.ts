import type { ListNotesQuerySchema, NotesDue } from '@mentalspace/contracts';
import { z } from 'zod';
import { notFound } from '../../app-error';
import { decodeCursor, encodeCursor } from '../../keyset-cursor';
import { writeAudit } from '../../audit/audit-writer';
import type { ServiceContext } from '../../plugins/authenticate';
import type { PhiCipher } from '../../security/encryption/phi-cipher';
import { canReadClinicalContent } from '../../security/policy';
import { isClientInReach } from '../clients/service';
import { clinicalSettings } from './clinical-settings';
import { noteNotFound } from './note-errors';
import { findNote, listClientNotes, noteHistory, notesDue, supervisorsOf } from './note-repo';
import { detailView, summaryView } from './note-view';

/** One note with its addenda and signed versions; reading it is audited, a miss too. */
export async function getNote(ctx: ServiceContext, phi: PhiCipher, noteId: string) {
  const found = await ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
    const note = await findNote(tx, ctx.scope, noteId);
    await writeAudit(tx, ctx.scope, ctx.audit, {
      action: 'note.read',
      resourceType: 'note',
      resourceId: noteId,
      clientId: note?.clientId ?? null,
      outcome: note ? 'success' : 'denied',
      details: note ? { content: canReadClinicalContent(ctx.scope) } : undefined,
    });
    if (!note) return null;
    const [history, supervisorIds] = [
      await noteHistory(tx, ctx.scope, noteId),
      await supervisorsOf(tx, ctx.scope, note.authorId),
    ];
    return { note, history, supervisorIds };
  });
  if (!found) throw noteNotFound();
  return detailView(phi, ctx.scope, found.note, found.history, found.supervisorIds);
}

const CursorSchema = z.tuple([z.iso.date(), z.uuid()]);

/** A chart's notes (metadata only), newest first, by keyset pages at a fixed number of queries. */
export async function listNotes(
  ctx: ServiceContext,
  phi: PhiCipher,
  clientId: string,
  query: z.output<typeof ListNotesQuerySchema>,
) {
  const after = query.cursor ? decodeCursor(CursorSchema, query.cursor) : undefined;
  const rows = await ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
    const client = await isClientInReach(tx, ctx, clientId);
    await writeAudit(tx, ctx.scope, ctx.audit, {
      action: 'client.notes_listed',
      resourceType: 'client',
      resourceId: clientId,
      clientId: client ? clientId : null,
      outcome: client ? 'success' : 'denied',
    });
    return client
      ? listClientNotes(tx, ctx.scope, clientId, { type: query.type, limit: query.limit, after })
      : null;
  });
  if (!rows) throw notFound('Client');
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => summaryView(phi, ctx.scope, r)),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.serviceDate, last.id]) : null,
  };
}

/** The caller's notes-due queue: their unsigned notes, and supervisees' notes awaiting co-signature. */
export async function getNotesDue(ctx: ServiceContext, phi: PhiCipher): Promise<NotesDue> {
  return ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
    const { noteDeadlineHours } = await clinicalSettings(tx, ctx.scope);
    const due = await notesDue(tx, ctx.scope, noteDeadlineHours);
    // The queue names clients and their sessions: listing it is a read like any other.
    await writeAudit(tx, ctx.scope, ctx.audit, {
      action: 'note.due_listed',
      resourceType: 'note',
      details: { returned: due.mine.length + due.toCosign.length },
    });
    const view = (r: (typeof due.mine)[number]) => ({
      ...summaryView(phi, ctx.scope, r),
      overdue: r.overdue,
    });
    return { deadlineHours: noteDeadlineHours, mine: due.mine.map(view), toCosign: due.toCosign.map(view) };
  });
}
