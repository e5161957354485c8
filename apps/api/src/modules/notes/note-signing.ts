import { signingProblems, type NoteTemplateId } from '@mentalspace/contracts';
import type { AppTransaction } from '@mentalspace/db';
import { v7 as uuidv7 } from 'uuid';
import { AppError } from '../../app-error';
import { writeAudit, type AuditEventInput } from '../../audit/audit-writer';
import type { ServiceContext } from '../../plugins/authenticate';
import type { PhiCipher } from '../../security/encryption/phi-cipher';
import { canWriteClinical } from '../../security/policy';
import { signatureHash } from '../../security/signature-hash';
import { bound, openContent } from './note-content';
import { invalidContent, noteIsSigned, noteNotFound, staleVersion } from './note-errors';
import {
  findNote,
  insertAddendum,
  insertRevision,
  setNoteState,
  supervisorsOf,
  type NoteRow,
} from './note-repo';
import { getNote } from './note-reads';

type Step = (tx: AppTransaction, note: NoteRow) => Promise<AppError | null>;

/**
 * Runs one workflow step on a locked note. A refusal worth keeping on record (someone acting on a
 * note that is not theirs to sign) is audited as denied and returned, so its event commits.
 */
async function onNote(ctx: ServiceContext, phi: PhiCipher, noteId: string, step: Step) {
  const refused = await ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
    const note = await findNote(tx, ctx.scope, noteId, true);
    if (!note) throw noteNotFound();
    return step(tx, note);
  });
  if (refused) throw refused;
  return getNote(ctx, phi, noteId);
}

const audit = (
  ctx: ServiceContext,
  tx: AppTransaction,
  note: NoteRow,
  event: Omit<AuditEventInput, 'resourceType'>,
) =>
  writeAudit(tx, ctx.scope, ctx.audit, {
    resourceType: 'note',
    resourceId: note.id,
    clientId: note.clientId,
    ...event,
  });

async function deny(
  ctx: ServiceContext,
  tx: AppTransaction,
  note: NoteRow,
  action: `note.${string}`,
  why: string,
) {
  await audit(ctx, tx, note, { action, outcome: 'denied' });
  return new AppError('forbidden', why);
}

const identity = (note: NoteRow) => ({
  noteId: note.id,
  clientId: note.clientId,
  authorId: note.authorId,
  type: note.type,
  template: note.template,
  serviceDate: note.serviceDate,
});

/**
 * The author signs: the content is frozen (the database refuses later changes) and hashed with
 * its identity. A supervisee's note then awaits their supervisor's co-signature.
 */
export function signNote(ctx: ServiceContext, phi: PhiCipher, noteId: string, version: number) {
  return onNote(ctx, phi, noteId, async (tx, note) => {
    if (note.authorId !== ctx.scope.actorUserId) {
      return deny(ctx, tx, note, 'note.sign_denied', 'You can sign only your own notes');
    }
    if (note.status !== 'draft') throw noteIsSigned(note.id);
    if (note.version !== version) throw staleVersion();
    const content = openContent(phi, note.id, note.content);
    const problems = signingProblems(note.template as NoteTemplateId, content);
    if (problems.length) throw invalidContent(problems);
    const hash = signatureHash(identity(note), content);
    const needsCosign = (await supervisorsOf(tx, ctx.scope, note.authorId)).length > 0;
    await setNoteState(tx, ctx.scope, note.id, {
      status: needsCosign ? 'awaiting_cosign' : 'signed',
      signedAt: new Date(),
      signatureHash: hash,
      returnedComment: null,
    });
    const revisionId = uuidv7();
    await insertRevision(tx, ctx.scope, {
      id: revisionId,
      noteId: note.id,
      event: 'signed',
      content: phi.encrypt(JSON.stringify(content), bound.revision(revisionId)),
      contentHash: hash,
    });
    await audit(ctx, tx, note, { action: 'note.signed', details: { awaitingCosign: needsCosign } });
    return null;
  });
}

/** Shared checks of co-signing and returning: a supervisee's note, by one of their supervisors. */
async function supervisorCheck(
  ctx: ServiceContext,
  tx: AppTransaction,
  note: NoteRow,
  action: `note.${string}`,
) {
  if (note.authorId === ctx.scope.actorUserId) {
    return deny(ctx, tx, note, action, 'You cannot co-sign or return your own note');
  }
  if (!(await supervisorsOf(tx, ctx.scope, note.authorId)).includes(ctx.scope.actorUserId)) {
    return deny(ctx, tx, note, action, 'Only the author’s supervisor co-signs or returns this note');
  }
  if (note.status !== 'awaiting_cosign') {
    throw new AppError('conflict', 'The note is not awaiting a co-signature');
  }
  return null;
}

export function cosignNote(ctx: ServiceContext, phi: PhiCipher, noteId: string) {
  return onNote(ctx, phi, noteId, async (tx, note) => {
    const refused = await supervisorCheck(ctx, tx, note, 'note.cosign_denied');
    if (refused) return refused;
    const content = openContent(phi, note.id, note.content);
    const hash = signatureHash({ ...identity(note), cosignerId: ctx.scope.actorUserId }, content);
    await setNoteState(tx, ctx.scope, note.id, {
      status: 'signed',
      cosignerId: ctx.scope.actorUserId,
      cosignedAt: new Date(),
    });
    const revisionId = uuidv7();
    await insertRevision(tx, ctx.scope, {
      id: revisionId,
      noteId: note.id,
      event: 'cosigned',
      content: phi.encrypt(JSON.stringify(content), bound.revision(revisionId)),
      contentHash: hash,
    });
    await audit(ctx, tx, note, { action: 'note.cosigned' });
    return null;
  });
}

/** The supervisor sends the note back with comments: it is a draft again; the signed version is kept. */
export function returnNote(ctx: ServiceContext, phi: PhiCipher, noteId: string, comment: string) {
  return onNote(ctx, phi, noteId, async (tx, note) => {
    const refused = await supervisorCheck(ctx, tx, note, 'note.return_denied');
    if (refused) return refused;
    await setNoteState(tx, ctx.scope, note.id, {
      status: 'draft',
      signedAt: null,
      signatureHash: null,
      returnedComment: phi.encrypt(comment, bound.returnedComment(note.id)),
    });
    const revisionId = uuidv7();
    const content = openContent(phi, note.id, note.content);
    await insertRevision(tx, ctx.scope, {
      id: revisionId,
      noteId: note.id,
      event: 'returned',
      content: phi.encrypt(JSON.stringify(content), bound.revision(revisionId)),
      contentHash: note.signatureHash ?? signatureHash(identity(note), content),
      comment: phi.encrypt(comment, bound.revisionComment(revisionId)),
    });
    await audit(ctx, tx, note, { action: 'note.returned' });
    return null;
  });
}

/** After signing, changes are addenda: appended, hashed, never edited. */
export function addAddendum(ctx: ServiceContext, phi: PhiCipher, noteId: string, body: string) {
  return onNote(ctx, phi, noteId, async (tx, note) => {
    if (!canWriteClinical(ctx.scope)) {
      return deny(ctx, tx, note, 'note.addendum_denied', 'Your role does not write clinical notes');
    }
    if (note.status === 'draft') {
      throw new AppError('conflict', 'A draft is edited directly; addenda are for signed notes');
    }
    const id = uuidv7();
    const createdAt = new Date();
    await insertAddendum(tx, ctx.scope, {
      id,
      noteId: note.id,
      body: phi.encrypt(body, bound.addendum(id)),
      contentHash: signatureHash(
        { noteId: note.id, addendumId: id, authorId: ctx.scope.actorUserId, at: createdAt.toISOString() },
        body,
      ),
      createdAt,
    });
    await audit(ctx, tx, note, { action: 'note.addendum_added', details: { addendumId: id } });
    return null;
  });
}
