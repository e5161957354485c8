import { v7 as uuidv7 } from 'uuid';
import { AppError, notFound } from '../../app-error';
import { writeAudit } from '../../audit/audit-writer';
import type { ServiceContext } from '../../plugins/authenticate';
import type { PhiCipher } from '../../security/encryption/phi-cipher';
import { canWriteClinical } from '../../security/policy';
import { isClientInReach } from '../clients/service';
import { staleVersion } from '../notes/note-errors';
import { asAuthor, findMine, insertMine, listMine, updateMine, type PsychotherapyNoteRow } from './repo';

const bound = (id: string) => `psychotherapy_notes:body:${id}`;

const view = (phi: PhiCipher, r: PsychotherapyNoteRow) => ({
  ...r,
  body: phi.decrypt(r.body, bound(r.id)),
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

/**
 * The caller's own psychotherapy notes about a client: nobody else's, whatever their role, and
 * never part of the chart, exports or the portal. Every access is audited.
 */
export async function listPsychotherapyNotes(ctx: ServiceContext, phi: PhiCipher, clientId: string) {
  const rows = await ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
    const client = await isClientInReach(tx, ctx, clientId);
    const allowed = client && canWriteClinical(ctx.scope);
    await writeAudit(tx, ctx.scope, ctx.audit, {
      action: 'psychotherapy_note.listed',
      resourceType: 'client',
      resourceId: clientId,
      clientId: client ? clientId : null,
      outcome: allowed ? 'success' : 'denied',
    });
    if (!client) return null;
    if (!allowed) return 'forbidden' as const;
    await asAuthor(tx, ctx.scope);
    return listMine(tx, ctx.scope, clientId);
  });
  if (!rows) throw notFound('Client');
  if (rows === 'forbidden') throw new AppError('forbidden', 'Your role does not keep psychotherapy notes');
  return { items: rows.map((r) => view(phi, r)) };
}

export async function getPsychotherapyNote(ctx: ServiceContext, phi: PhiCipher, id: string) {
  const row = await ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
    await asAuthor(tx, ctx.scope);
    const note = await findMine(tx, ctx.scope, id);
    await writeAudit(tx, ctx.scope, ctx.audit, {
      action: 'psychotherapy_note.read',
      resourceType: 'psychotherapy_note',
      resourceId: id,
      clientId: note?.clientId ?? null,
      outcome: note ? 'success' : 'denied',
    });
    return note;
  });
  if (!row) throw notFound('Psychotherapy note');
  return view(phi, row);
}

export async function createPsychotherapyNote(
  ctx: ServiceContext,
  phi: PhiCipher,
  clientId: string,
  body: { serviceDate: string; body: string },
) {
  const id = uuidv7();
  await ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
    if (!(await isClientInReach(tx, ctx, clientId))) throw notFound('Client');
    if (!canWriteClinical(ctx.scope))
      throw new AppError('forbidden', 'Your role does not write clinical notes');
    await asAuthor(tx, ctx.scope);
    await insertMine(tx, ctx.scope, {
      id,
      clientId,
      serviceDate: body.serviceDate,
      body: phi.encrypt(body.body, bound(id)),
    });
    await writeAudit(tx, ctx.scope, ctx.audit, {
      action: 'psychotherapy_note.created',
      resourceType: 'psychotherapy_note',
      resourceId: id,
      clientId,
    });
  });
  return getPsychotherapyNote(ctx, phi, id);
}

export async function updatePsychotherapyNote(
  ctx: ServiceContext,
  phi: PhiCipher,
  id: string,
  body: { serviceDate: string; body: string; version: number },
) {
  await ctx.database.inPractice(ctx.scope.practiceId, async (tx) => {
    await asAuthor(tx, ctx.scope);
    const note = await findMine(tx, ctx.scope, id);
    if (!note) throw notFound('Psychotherapy note');
    const saved = await updateMine(tx, ctx.scope, id, body.version, {
      serviceDate: body.serviceDate,
      body: phi.encrypt(body.body, bound(id)),
    });
    if (!saved) throw staleVersion();
    await writeAudit(tx, ctx.scope, ctx.audit, {
      action: 'psychotherapy_note.updated',
      resourceType: 'psychotherapy_note',
      resourceId: id,
      clientId: note.clientId,
    });
  });
  return getPsychotherapyNote(ctx, phi, id);
}
