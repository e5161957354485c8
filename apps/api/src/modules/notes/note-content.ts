import { createHash } from 'node:crypto';
import { NoteContentSchema, type NoteContent } from '@mentalspace/contracts';
import type { PhiCipher } from '../../security/encryption/phi-cipher';

/** Where each sealed value is bound (AAD): a ciphertext moved to another row does not open. */
export const bound = {
  content: (noteId: string) => `clinical_notes:content:${noteId}`,
  returnedComment: (noteId: string) => `clinical_notes:returned_comment:${noteId}`,
  revision: (revisionId: string) => `note_revisions:content:${revisionId}`,
  revisionComment: (revisionId: string) => `note_revisions:comment:${revisionId}`,
  addendum: (addendumId: string) => `note_addenda:body:${addendumId}`,
};

export const sealContent = (phi: PhiCipher, noteId: string, content: NoteContent) =>
  phi.encrypt(JSON.stringify(content), bound.content(noteId));

export const openContent = (phi: PhiCipher, noteId: string, sealed: string): NoteContent =>
  NoteContentSchema.parse(JSON.parse(phi.decrypt(sealed, bound.content(noteId))));

/** JSON with keys in a fixed order, so the same content always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The signature hash: SHA-256 over what was signed and its identity (note, client, author, type,
 * template, date of service), so a signature cannot be carried to other content or another note.
 */
export function signatureHash(identity: Record<string, string | null>, content: unknown): string {
  return createHash('sha256').update(canonical({ identity, content })).digest('hex');
}
