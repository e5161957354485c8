import {
  contentProblems,
  type CreateNoteBodySchema,
  type UpdateNoteBodySchema,
} from '@mentalspace/contracts';
import { appointments } from '@mentalspace/db';
import { and, eq } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import { AppError, notFound } from '../../app-error';
import { writeAudit } from '../../audit/audit-writer';
import type { ServiceContext } from '../../plugins/authenticate';
import type { PhiCipher } from '../../security/encryption/phi-cipher';
import { canWriteClinical } from '../../security/policy';
import { isClientInReach } from '../clients/service';
import { sealContent } from './note-content';
import { invalidContent, noteIsSigned, noteNotFound, staleVersion } from './note-errors';
import { findNote, insertNote, updateDraft } from './note-repo';
import { getNote } from './note-reads';

/** Starts a draft note on a chart; the draft and its audit event commit together. */
export async function createNote(
  ctx: ServiceContext,
  phi: PhiCipher,
  clientId: string,
  body: z.output<typeof CreateNoteBodySchema>,
) {
  const id = uuidv7();
  await ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
    if (!(await isClientInReach(tx, ctx, clientId))) throw notFound('Client');
    if (!canWriteClinical(ctx.scope))
      throw new AppError('forbidden', 'Your role does not write clinical notes');
    if (body.appointmentId) {
      const [appointment] = await tx
        .select({ id: appointments.id })
        .from(appointments)
        .where(
          and(
            eq(appointments.practiceId, ctx.scope.practiceId),
            eq(appointments.id, body.appointmentId),
            eq(appointments.clientId, clientId),
          ),
        );
      if (!appointment) {
        throw new AppError('validation_failed', 'The appointment is not one of this client’s', {
          fieldErrors: [{ field: 'body.appointmentId', message: 'is not an appointment of this client' }],
        });
      }
    }
    await insertNote(tx, ctx.scope, {
      id,
      clientId,
      appointmentId: body.appointmentId ?? null,
      type: body.type,
      template: body.template,
      serviceDate: body.serviceDate,
      content: sealContent(phi, id, body.content),
    });
    await writeAudit(tx, ctx.scope, ctx.audit, {
      action: 'note.created',
      resourceType: 'note',
      resourceId: id,
      clientId,
      details: { type: body.type, template: body.template },
    });
  });
  return getNote(ctx, phi, id);
}

/**
 * Saves a draft (autosave): only its author, only while a draft, only from the version they read.
 * A signed note answers 409 `note_signed`; a concurrent save answers 409 `version_conflict`.
 */
export async function saveDraft(
  ctx: ServiceContext,
  phi: PhiCipher,
  noteId: string,
  body: z.output<typeof UpdateNoteBodySchema>,
) {
  // A refusal that must stay on record is returned, not thrown, so its audit event commits.
  const refused = await ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
    const note = await findNote(tx, ctx.scope, noteId, true);
    if (!note) throw noteNotFound();
    if (note.authorId !== ctx.scope.actorUserId) {
      await writeAudit(tx, ctx.scope, ctx.audit, {
        action: 'note.update_denied',
        resourceType: 'note',
        resourceId: noteId,
        clientId: note.clientId,
        outcome: 'denied',
      });
      return new AppError('forbidden', 'Only the author edits a draft note');
    }
    if (note.status !== 'draft') throw noteIsSigned(noteId);
    if (note.version !== body.version) throw staleVersion();
    const problems = contentProblems(note.template as never, body.content);
    if (problems.length) throw invalidContent(problems.map((p) => ({ ...p, field: `body.${p.field}` })));
    const saved = await updateDraft(tx, ctx.scope, noteId, body.version, {
      content: sealContent(phi, noteId, body.content),
      serviceDate: body.serviceDate,
    });
    if (saved === null) throw staleVersion();
    await writeAudit(tx, ctx.scope, ctx.audit, {
      action: 'note.updated',
      resourceType: 'note',
      resourceId: noteId,
      clientId: note.clientId,
      details: { version: saved },
    });
    return null;
  });
  if (refused) throw refused;
  return getNote(ctx, phi, noteId);
}
