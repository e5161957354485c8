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
