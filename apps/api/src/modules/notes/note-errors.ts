import type { FieldError } from '@mentalspace/contracts';
import { AppError, notFound } from '../../app-error';

export const noteNotFound = () => notFound('Note');

export const noteIsSigned = (noteId: string) =>
  new AppError(
    'note_signed',
    `The note is signed and its content is frozen; add an addendum with POST /api/v1/notes/${noteId}/addenda`,
  );

export const staleVersion = () =>
  new AppError(
    'version_conflict',
    'The note was saved elsewhere since you opened it; reload it and reapply your change',
  );

export const invalidContent = (fieldErrors: FieldError[]) =>
  new AppError('validation_failed', 'The note is not complete', { fieldErrors });
